import { ack, skip, type Handler, type HandlersFor, type CatalogBindings } from '@kindly/kafka';
import type { Clock } from '@kindly/clock';
import { planAccount, type PlanAccountDeps } from '../domain/plan-account.use-case.js';
import { recordBankEvent, type AccountStateStore } from '@kindly/account-state';
import type { BankInput } from '@kindly/rules';

export const bankTopics = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
] as const;
export type BankBindings = CatalogBindings<(typeof bankTopics)[number]>;

export interface BankEventDeps extends PlanAccountDeps {
  readonly store: AccountStateStore;
  readonly clock: Clock;
}

/**
 * One handler for every input topic: fold the event into the account's state, then look at the
 * account again. Planning runs even for a duplicate or stale event, because the earlier delivery
 * may have crashed between recording and publishing; planning twice emits nothing new.
 */
export function bankEventHandlers(deps: BankEventDeps): HandlersFor<BankBindings> {
  const handle: Handler<BankInput> = async (event) => {
    const recorded = await recordBankEvent(deps.store, event);
    await planAccount(deps, recorded.state, event, deps.clock.now());
    return recorded.recorded ? ack() : skip(recorded.reason);
  };
  return {
    'account.overdue': handle,
    'account.payment': handle,
    'account.arrangement': handle,
    'account.status': handle,
    'contact.updated': handle,
    'contact.consent': handle,
  };
}
