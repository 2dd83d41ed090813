import { ack, skip, type Handler, type HandlersFor } from '@kindly/kafka';
import type { Clock } from '@kindly/clock';
import { planAccount, type PlanAccountDeps } from '../domain/plan-account.use-case.js';
import {
  bankTopics,
  recordBankEvent,
  type AccountStateStore,
  type BankBindings,
} from '@kindly/account-state';
import type { BankInput } from '@kindly/rules';

export { bankTopics };

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
    // An unreachable address bars its channel: the account is looked at again at once.
    'contact.unreachable': handle,
  };
}
