import type { DateTime } from 'luxon';
import type { OutreachPlannedV1 } from '@kindly/contracts';
import type { ScheduleStore, SchedulerEvents } from './ports.js';
import { cancelledEvent } from './scheduler-events.js';
import type { ScheduledMessage } from './scheduled-message.js';

export interface AcceptPlanDeps {
  readonly store: ScheduleStore;
  readonly events: SchedulerEvents;
}

/**
 * Takes a planned message into the waiting room, once. A plan for a later stage of the same
 * cycle stops what still waits from earlier stages (`NEWER_STAGE`): the customer gets the current
 * message, not a stale reminder before it. The cancellation is published before it is recorded,
 * so a crash in between announces it again, with the same id, rather than never.
 */
export async function acceptPlan(
  deps: AcceptPlanDeps,
  event: OutreachPlannedV1,
  now: DateTime,
): Promise<'accepted' | 'known'> {
  const plan = event.payload;
  const message: ScheduledMessage = {
    tenantId: event.tenantId,
    plan,
    plannedEventId: event.eventId,
    correlationId: event.correlationId,
    earliestSendAt: plan.earliestSendAt,
    latestSendAt: plan.latestSendAt,
    reslots: 0,
  };
  const outcome = await deps.store.accept(message);
  // Stage 1 has no earlier stage: no need to look (a scan on the Docker-less servers).
  if (plan.campaignId !== undefined || plan.stage <= 1) return outcome;
  const older = await deps.store.waitingBefore(
    event.tenantId,
    plan.accountId,
    plan.cycleId,
    plan.stage,
  );
  for (const stale of older) {
    if (stale.plan.campaignId !== undefined) continue;
    await deps.events.publishCancelled([
      cancelledEvent(stale, 'NEWER_STAGE', now, `stage ${plan.stage} was planned`),
    ]);
    await deps.store.cancel(stale.plan.messageId, 'NEWER_STAGE', iso(now));
  }
  return outcome;
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}
