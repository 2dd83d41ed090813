import type { Db } from '@kindly/mongo';
import type { AccountStateReader, AccountStateStore } from './account-state-store.js';
import { createAccountStateRepository } from './account-state.repository.js';
import { bankTopics, type BankTopic } from './bank-topics.js';

/**
 * The copy of the accounts a service reads its facts from, and who keeps it up to date.
 *
 * A service running alone folds the bank's events into a collection of its own, in its own
 * consumer group. The scheduler, the renderer and the dispatcher fold them the same way (the
 * plain fold, nothing else on those events), so when one process hosts them together (`kindly run
 * all`) one fold, in a consumer group of its own, keeps one copy that the three read: each event
 * is folded once instead of three times, and each account is stored once instead of three times.
 * Each service still owns the rest of its state and reads no other service's collection.
 */
export interface AccountCopy {
  readonly store: AccountStateStore & AccountStateReader;
  /**
   * The bank topics the service must bind its fold handlers to (`accountStateHandlers`): all of
   * them when it keeps the copy itself, none when the host's fold does.
   */
  readonly topics: readonly BankTopic[];
}

/** A copy the service folds itself, into `collection`, from its own consumer. */
export function ownAccountCopy(db: Db, collection: string): AccountCopy {
  return { store: createAccountStateRepository(db, collection), topics: bankTopics };
}

/** A copy the host's one fold keeps: the service consumes no bank topic for it. */
export function hostedAccountCopy(store: AccountStateStore & AccountStateReader): AccountCopy {
  return { store, topics: [] };
}
