import type { DateTime } from 'luxon';
import type { AccountState } from '@kindly/rules';
import { taskIdOf } from './agent-task.js';
import { decideFallback, type Verdict } from './escalation-decisions.js';
import type { EscalationDeps } from './escalation-deps.js';
import { escalatedEvent } from './escalation-events.js';
import type { MessageRecord } from './escalation-message.js';

/**
 * Decides a message's fallback now and acts on it: moves its timer, ends it, or publishes the
 * escalation (once) and then ends it. A call message whose fallback is escalated or settled
 * closes its agent task: the stage has moved on, or the customer was reached.
 */
export async function evaluateFallback(
  deps: EscalationDeps,
  message: MessageRecord,
  state: AccountState | undefined,
  now: DateTime,
): Promise<Verdict> {
  const release = message.release;
  // An agent task's calls tell a call that did not connect from a task nobody worked.
  const task =
    release?.channel === 'agent-call'
      ? await deps.tasks.get(taskIdOf(message.messageId))
      : undefined;
  const verdict = decideFallback({
    catalog: deps.rules.strategies,
    message,
    state,
    now,
    callsMade: task?.calls.length ?? 0,
  });
  if (release === undefined) return verdict;
  switch (verdict.kind) {
    case 'wait':
      await deps.messages.updateFallback(message.messageId, {
        kind: 'wait',
        until: verdict.until.toJSDate(),
      });
      break;
    case 'settle':
      if (verdict.why === 'ALREADY_ESCALATED') break;
      await deps.messages.updateFallback(message.messageId, { kind: 'settle', why: verdict.why });
      break;
    case 'escalate': {
      const event = escalatedEvent(
        {
          tenantId: message.tenantId,
          accountId: message.accountId,
          cycleId: release.cycleId,
          correlationId: release.correlationId,
          causationId: release.releasedEventId,
        },
        verdict.escalation,
      );
      await deps.outbox.publishOnce([event]);
      await deps.messages.updateFallback(message.messageId, {
        kind: 'escalated',
        at: verdict.escalation.at,
      });
      break;
    }
  }
  if (release.channel === 'agent-call' && verdict.kind !== 'wait') {
    await deps.tasks.close(taskIdOf(message.messageId), closeReasonOf(verdict));
  }
  return verdict;
}

function closeReasonOf(verdict: Exclude<Verdict, { kind: 'wait' }>): string {
  return verdict.kind === 'escalate' ? 'ESCALATED' : verdict.why;
}
