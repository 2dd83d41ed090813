import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
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

/**
 * The renderer's own copy of each account: the amounts, days overdue, masked number, name,
 * address and zone that a message states come from here at render time, not from another
 * service's collection.
 */
export function bankEventHandlers(store: AccountStateStore): HandlersFor<BankBindings> {
  const handle: Handler<BankInput> = async (event) => {
    const recorded = await recordBankEvent(store, event);
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
