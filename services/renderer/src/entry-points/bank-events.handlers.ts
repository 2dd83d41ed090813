// The renderer's own copy of each account: the amounts, days overdue, masked number, name,
// address and zone that a message states come from there at render time, not from another
// service's collection.
export {
  accountStateHandlers as bankEventHandlers,
  bankTopics,
  type BankBindings,
} from '@kindly/account-state';
