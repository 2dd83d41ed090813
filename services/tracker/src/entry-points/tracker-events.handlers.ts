import { recordBankEvent, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import type { DeliveryStore } from '../domain/ports.js';
import { recordAccepted } from '../domain/record-accepted.use-case.js';

/**
 * What the tracker reads: the dispatcher's outcomes (an `accepted` one says which account a
 * message is for), and the bank's contact details and consents, folded into the tracker's own
 * copy of each account so that a STOP from a number or a bounce from an address finds them.
 */
export const trackerTopics = ['delivery.outcome', 'contact.updated', 'contact.consent'] as const;
export type TrackerBindings = CatalogBindings<(typeof trackerTopics)[number]>;

export interface TrackerHandlerDeps {
  readonly deliveries: DeliveryStore;
  readonly accounts: AccountStateStore;
}

export function trackerHandlers(deps: TrackerHandlerDeps): HandlersFor<TrackerBindings> {
  const bank: Handler<BankInput> = async (event) => {
    const recorded = await recordBankEvent(deps.accounts, event);
    return recorded.recorded ? ack() : skip(recorded.reason);
  };
  return {
    'delivery.outcome': async (event) =>
      (await recordAccepted(deps.deliveries, event)) === 'recorded' ? ack() : skip('NOT_ACCEPTED'),
    'contact.updated': bank,
    'contact.consent': bank,
  };
}
