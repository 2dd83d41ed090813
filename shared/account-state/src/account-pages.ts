import type { Db } from '@kindly/mongo';
import type { AccountState } from '@kindly/rules';

interface AccountDocument extends AccountState {
  _id: string;
  version: number;
  writeToken?: string;
}

/** A page of the account states a service keeps, in key order, after a cursor. */
export interface AccountPage {
  readonly key: string;
  readonly state: AccountState;
}

/**
 * Walks a service's account states in `_id` order (`tenant:account`), a page at a time, for a
 * job that looks at every account once (a campaign's launch). Keyed pages, not skip counts: an
 * account added while the walk goes on is met if its key is still ahead, and nothing is met
 * twice. Memory is one page, however many accounts there are.
 */
export function createAccountPages(db: Db, collection = 'accounts') {
  const accounts = db.collection<AccountDocument>(collection);
  return {
    async pageAfter(cursor: string | undefined, limit: number): Promise<AccountPage[]> {
      const filter = cursor === undefined ? {} : { _id: { $gt: cursor } };
      const documents = await accounts.find(filter).sort({ _id: 1 }).limit(limit).toArray();
      return documents.map(({ _id, version, writeToken, ...state }) => ({ key: _id, state }));
    },
  };
}
