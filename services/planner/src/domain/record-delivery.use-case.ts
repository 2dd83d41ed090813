import type { DateTime } from 'luxon';
import type { DeliveryOutcomeV1, EscalationReason, OutreachEscalatedV1 } from '@kindly/contracts';
import type { AccountStateStore } from '@kindly/account-state';
import { planAccount, type PlanAccountDeps } from './plan-account.use-case.js';
import type { MessageOutcome, OutcomeUpdate } from './ports.js';

export interface RecordDeliveryDeps extends PlanAccountDeps {
  readonly store: AccountStateStore;
}

/**
 * What a delivery report means for the strategy: accepted, queued or sent mark the attempt's
 * time (the caps count it from then); delivered ends the stage's fallback; undelivered, bounced
 * and a failure no retry can mend move the stage to its next channel. A failure the dispatcher
 * will retry changes nothing yet. Reads and clicks say nothing about reaching the customer.
 *
 * A report on an agent call comes from the agent desk, and only for a call that was made:
 * whatever its outcome (no answer, a wrong number), it marks the attempt's time too.
 */
export function outcomeUpdateOf(payload: DeliveryOutcomeV1['payload']): OutcomeUpdate {
  const update = messageOutcomeUpdateOf(payload);
  return payload.channel === 'agent-call' && update.outcome !== undefined
    ? { sentAt: payload.at, ...update }
    : update;
}

function messageOutcomeUpdateOf(payload: DeliveryOutcomeV1['payload']): OutcomeUpdate {
  switch (payload.status) {
    case 'accepted':
    case 'queued':
    case 'sent':
      return { sentAt: payload.at };
    case 'delivered':
      return { sentAt: payload.at, outcome: 'delivered' };
    case 'undelivered':
    case 'bounced':
      return { outcome: 'undelivered' };
    case 'failed':
      return payload.retryable ? {} : { outcome: 'failed' };
    case 'opened':
    case 'clicked':
    case 'complained':
      return {};
  }
}

/** Records a delivery report and, when it is final, looks at the account again. */
export async function recordDelivery(
  deps: RecordDeliveryDeps,
  event: DeliveryOutcomeV1,
  now: DateTime,
): Promise<'recorded' | 'unknown-message' | 'nothing'> {
  const update = outcomeUpdateOf(event.payload);
  if (update.sentAt === undefined && update.outcome === undefined) return 'nothing';
  const message = await deps.log.recordOutcome(event.payload.messageId, update);
  if (!message) return 'unknown-message';
  if (update.outcome !== undefined)
    await replan(deps, message.tenantId, message.accountId, event, now);
  return 'recorded';
}

/** What an escalation says about the message it moves from; undefined: nothing. */
const escalatedOutcomes: Partial<Record<EscalationReason, MessageOutcome>> = {
  // No delivery within the step's wait.
  DELIVERY_FAILED: 'undelivered',
  // An agent task nobody worked: the stage moves on, but no call was made.
  TASK_EXPIRED: 'expired',
};

/**
 * The escalation service's move to another channel (no delivery within the step's wait, or an
 * agent task that expired unworked): the message it moves from counts as undelivered (or
 * expired: no contact), and the stage goes on with its next channel.
 */
export async function recordEscalation(
  deps: RecordDeliveryDeps,
  event: OutreachEscalatedV1,
  now: DateTime,
): Promise<'recorded' | 'unknown-message' | 'nothing'> {
  const { accountId, cycleId, from, reason } = event.payload;
  const outcome = escalatedOutcomes[reason];
  if (outcome === undefined) return 'nothing';
  const message = await deps.log.findMessage(
    event.tenantId,
    accountId,
    cycleId,
    from.stage,
    from.channel,
  );
  if (!message) return 'unknown-message';
  await deps.log.recordOutcome(message.messageId, { outcome });
  await replan(deps, event.tenantId, accountId, event, now);
  return 'recorded';
}

async function replan(
  deps: RecordDeliveryDeps,
  tenantId: string,
  accountId: string,
  cause: { eventId: string; correlationId: string },
  now: DateTime,
): Promise<void> {
  const { state } = await deps.store.load(tenantId, accountId);
  await planAccount(deps, state, cause, now);
}
