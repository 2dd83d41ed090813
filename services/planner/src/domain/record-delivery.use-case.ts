import type { DateTime } from 'luxon';
import type { DeliveryOutcomeV1, OutreachEscalatedV1 } from '@kindly/contracts';
import type { AccountStateStore } from '@kindly/account-state';
import { planAccount, type PlanAccountDeps } from './plan-account.use-case.js';
import type { OutcomeUpdate } from './ports.js';

export interface RecordDeliveryDeps extends PlanAccountDeps {
  readonly store: AccountStateStore;
}

/**
 * What a delivery report means for the strategy: accepted, queued or sent mark the attempt's
 * time (the caps count it from then); delivered ends the stage's fallback; undelivered, bounced
 * and a failure no retry can mend move the stage to its next channel. A failure the dispatcher
 * will retry changes nothing yet. Reads and clicks say nothing about reaching the customer.
 */
export function outcomeUpdateOf(payload: DeliveryOutcomeV1['payload']): OutcomeUpdate {
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

/**
 * The escalation service's move to another channel (no delivery within the step's wait): the
 * message it moves from counts as undelivered, and the stage goes on with its next channel.
 */
export async function recordEscalation(
  deps: RecordDeliveryDeps,
  event: OutreachEscalatedV1,
  now: DateTime,
): Promise<'recorded' | 'unknown-message' | 'nothing'> {
  const { accountId, cycleId, from, reason } = event.payload;
  if (reason !== 'DELIVERY_FAILED') return 'nothing';
  const message = await deps.log.findMessage(
    event.tenantId,
    accountId,
    cycleId,
    from.stage,
    from.channel,
  );
  if (!message) return 'unknown-message';
  await deps.log.recordOutcome(message.messageId, { outcome: 'undelivered' });
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
