/*
 * An account's state as each service keeps it: the bank's events folded (by @kindly/rules) into
 * one document per account, in a collection the service owns. The planner plans from it; the
 * scheduler, renderer and dispatcher read their own copy for the last look and the message's
 * facts, so no service reads another's collections.
 */
export type {
  AccountStateReader,
  AccountStateStore,
  StoredAccountState,
} from './account-state-store.js';
export { createAccountStateRepository } from './account-state.repository.js';
export { recordBankEvent } from './record-bank-event.js';
export type { RecordResult } from './record-bank-event.js';
export { accountStateHandlers, bankTopics, foldBankEvent } from './bank-topics.js';
export type { BankBindings, BankTopic } from './bank-topics.js';
export { createAccountPages } from './account-pages.js';
export { hostedAccountCopy, ownAccountCopy } from './account-copy.js';
export type { AccountCopy } from './account-copy.js';
export type { AccountPage } from './account-pages.js';
