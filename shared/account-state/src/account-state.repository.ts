import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import { emptyAccountState, type AccountState } from '@kindly/rules';
import type {
  AccountStateReader,
  AccountStateStore,
  StoredAccountState,
} from './account-state-store.js';

interface AccountDocument extends AccountState {
  _id: string;
  version: number;
}

/**
 * Account states in a service's collection (the planner's is `accounts`), one document per account, keyed by tenant and
 * account in `_id` (the fastest lookup on every supported server). Writes are conditional on the
 * version read, which makes them safe with several replicas (see MONGODB-SUBSET.md).
 */
export function createAccountStateRepository(
  db: Db,
  collection = 'accounts',
): AccountStateStore & AccountStateReader {
  const accounts = db.collection<AccountDocument>(collection);
  const idOf = (tenantId: string, accountId: string) => `${tenantId}:${accountId}`;
  return {
    async load(tenantId, accountId): Promise<StoredAccountState> {
      const document = await accounts.findOne({ _id: idOf(tenantId, accountId) });
      if (!document) return { state: emptyAccountState(tenantId, accountId), version: 0 };
      const { _id, version, ...state } = document;
      return { state, version };
    },
    async loadMany(keys) {
      const ids = [...new Set(keys.map((k) => idOf(k.tenantId, k.accountId)))];
      const found = new Map<string, AccountState>();
      if (ids.length === 0) return found;
      for await (const document of accounts.find({ _id: { $in: ids } })) {
        const { _id, version, ...state } = document;
        found.set(_id, state);
      }
      return found;
    },
    async save(state, expectedVersion): Promise<boolean> {
      const _id = idOf(state.tenantId, state.accountId);
      if (expectedVersion === 0) {
        try {
          await accounts.insertOne({ _id, ...state, version: 1 });
          return true;
        } catch (error) {
          if (isDuplicateKeyError(error)) return false;
          throw error;
        }
      }
      const { matchedCount } = await accounts.replaceOne(
        { _id, version: expectedVersion },
        { ...state, version: expectedVersion + 1 },
      );
      return matchedCount === 1;
    },
  };
}
