import type { OutreachCancelledV1 } from '@kindly/contracts';
import { taskIdOf } from './agent-task.js';
import type { EscalationDeps } from './escalation-deps.js';

/**
 * The scheduler withdrew a message (paid, opted out, superseded, …): its timers stop, and a call
 * message's task closes. Remembered even before the release, which may still come (a race).
 */
export async function recordCancellation(
  deps: EscalationDeps,
  event: OutreachCancelledV1,
): Promise<void> {
  const { payload } = event;
  await deps.messages.recordCancellation(
    { messageId: payload.messageId, tenantId: event.tenantId, accountId: payload.accountId },
    payload.reason,
  );
  if (payload.channel === 'agent-call') {
    await deps.tasks.close(taskIdOf(payload.messageId), `CANCELLED_${payload.reason}`);
  }
}
