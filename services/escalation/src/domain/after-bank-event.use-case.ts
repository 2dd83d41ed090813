import type { DateTime } from 'luxon';
import type { AccountState, BankInput } from '@kindly/rules';
import { standingOf } from './account-standing.js';
import { lastMessageOf } from './contact-history.js';
import {
  decideBrokenArrangement,
  decideLegalByStage,
  type Escalation,
} from './escalation-decisions.js';
import type { EscalationDeps } from './escalation-deps.js';
import { escalatedEvent } from './escalation-events.js';

/**
 * What a bank event (already folded into this service's copy of the account) moves: a broken
 * arrangement is recorded as an escalation; an account that reached the legal stage is handed
 * to legal (once per cycle); and an account that paid or moved to a new cycle closes its open
 * agent tasks. Run again on a redelivered event, it decides the same and publishes nothing new.
 */
export async function afterBankEvent(
  deps: EscalationDeps,
  event: BankInput,
  state: AccountState,
  now: DateTime,
): Promise<number> {
  const cycleId = state.overdue?.value.cycleId;
  const catalog = deps.rules.strategies;
  let escalation: Escalation | undefined;
  if (
    cycleId !== undefined &&
    (event.type === 'account.arrangement' || event.type === 'account.overdue')
  ) {
    const messages = await deps.messages.ofAccount(event.tenantId, event.payload.accountId);
    const base = { catalog, state, lastMessage: lastMessageOf(messages, cycleId), now };
    escalation =
      event.type === 'account.arrangement'
        ? decideBrokenArrangement({
            ...base,
            arrangementId: event.payload.arrangementId,
            at: event.occurredAt,
          })
        : decideLegalByStage({ ...base, at: event.occurredAt });
  }
  let published = 0;
  if (escalation !== undefined && cycleId !== undefined) {
    published = await deps.outbox.publishOnce([
      escalatedEvent(
        {
          tenantId: event.tenantId,
          accountId: event.payload.accountId,
          cycleId,
          correlationId: event.correlationId,
          causationId: event.eventId,
        },
        escalation,
      ),
    ]);
  }
  if (
    event.type === 'account.payment' ||
    event.type === 'account.overdue' ||
    event.type === 'account.status'
  ) {
    const tasks = await deps.tasks.ofAccount(event.tenantId, event.payload.accountId);
    for (const task of tasks) {
      if (task.status !== 'open') continue;
      const standing = standingOf(state, task.cycleId, now);
      if (standing === 'cured' || standing === 'other-cycle') {
        await deps.tasks.close(task.taskId, standing === 'cured' ? 'CURED' : 'OTHER_CYCLE');
      }
    }
  }
  return published;
}
