import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import type { AccountStateStore } from './account-state-store.js';
import { recordBankEvent } from './record-bank-event.js';

/**
 * The facts that make up an account's state, the bank's and the unreachable addresses the
 * tracker and the dispatcher find: every service that keeps a copy reads these.
 */
export const bankTopics = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
  // Not only the bank's: the tracker and the dispatcher raise it from a provider's answer.
  'contact.unreachable',
] as const;
export type BankTopic = (typeof bankTopics)[number];
export type BankBindings = CatalogBindings<BankTopic>;

/** Folds one bank event into the service's copy: ack when it changed the state, else skip why. */
export function foldBankEvent(store: AccountStateStore): Handler<BankInput> {
  return async (event) => {
    const recorded = await recordBankEvent(store, event);
    return recorded.recorded ? ack() : skip(recorded.reason);
  };
}

/** Handlers for every bank topic that only keep the service's copy of the account up to date. */
export function accountStateHandlers(store: AccountStateStore): HandlersFor<BankBindings> {
  const fold = foldBankEvent(store);
  return {
    'account.overdue': fold,
    'account.payment': fold,
    'account.arrangement': fold,
    'account.status': fold,
    'contact.updated': fold,
    'contact.consent': fold,
    'contact.unreachable': fold,
  };
}
