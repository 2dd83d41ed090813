import type { OutreachCancelledV1 } from '@kindly/contracts';
import type { ScheduleStore } from './ports.js';

/**
 * Takes a cancellation announced elsewhere (the planner saw a payment, an opt-out, a new bar) into
 * the waiting room. One that arrives before its plan (another topic, no order between them) is
 * remembered, so the plan is never scheduled when it comes.
 */
export async function recordCancellation(
  store: ScheduleStore,
  event: OutreachCancelledV1,
): Promise<'cancelled' | 'final' | 'remembered'> {
  return store.cancel(event.payload.messageId, event.payload.reason, event.occurredAt);
}
