import type { Clock } from '@kindly/clock';
import { bankTopics, recordBankEvent, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { afterBankEvent } from '../domain/after-bank-event.use-case.js';
import type { EscalationDeps } from '../domain/escalation-deps.js';
import { recordCancellation } from '../domain/record-cancellation.use-case.js';
import { recordOutcome } from '../domain/record-outcome.use-case.js';
import { recordRelease } from '../domain/record-release.use-case.js';

export const escalationTopics = [
  'outreach.released',
  'delivery.outcome',
  'outreach.cancelled',
  ...bankTopics,
] as const;
export type EscalationBindings = CatalogBindings<(typeof escalationTopics)[number]>;

export interface EscalationHandlerDeps extends EscalationDeps {
  readonly accountStore: AccountStateStore;
  readonly clock: Clock;
}

/**
 * Releases start waits and tasks, outcomes are decided at once when decisive, cancellations stop
 * waits, and the bank's events are folded and looked at for broken arrangements, the legal stage
 * and paid accounts. Each is idempotent: a redelivered event decides the same events again, which
 * the outbox publishes once.
 */
export function escalationHandlers(deps: EscalationHandlerDeps): HandlersFor<EscalationBindings> {
  const bank: Handler<BankInput> = async (event) => {
    const recorded = await recordBankEvent(deps.accountStore, event);
    // A duplicate is looked at again too: a crash may have come between the fold and the publish.
    if (recorded.recorded || recorded.reason === 'DUPLICATE') {
      await afterBankEvent(deps, event, recorded.state, deps.clock.now());
    }
    return recorded.recorded ? ack() : skip(recorded.reason);
  };
  return {
    'outreach.released': async (event) =>
      (await recordRelease(deps, event, deps.clock.now())) === 'new' ? ack() : skip('DUPLICATE'),
    'delivery.outcome': async (event) => {
      const result = await recordOutcome(
        deps,
        { ...event.payload, tenantId: event.tenantId },
        deps.clock.now(),
      );
      return result === 'no-news' ? skip('NOT_DECISIVE') : ack();
    },
    'outreach.cancelled': async (event) => {
      await recordCancellation(deps, event);
      return ack();
    },
    'account.overdue': bank,
    'account.payment': bank,
    'account.arrangement': bank,
    'account.status': bank,
    'contact.updated': bank,
    'contact.consent': bank,
    'contact.unreachable': bank,
  };
}
