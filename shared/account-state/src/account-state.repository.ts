import { randomUUID } from 'node:crypto';
import DataLoader from 'dataloader';
import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection } from 'mongodb';
import {
  batchOptions,
  batchedWriteFailed,
  DUPLICATE_KEY,
  writeErrorsOf,
  type Db,
} from '@kindly/mongo';
import { emptyAccountState, type AccountState } from '@kindly/rules';
import type {
  AccountStateReader,
  AccountStateStore,
  StoredAccountState,
} from './account-state-store.js';

interface AccountDocument extends AccountState {
  _id: string;
  version: number;
  /** Set by each write, so that a batched write can tell which of its replaces took effect. */
  writeToken?: string;
}

interface PendingWrite {
  readonly document: AccountDocument & { writeToken: string };
  readonly expectedVersion: number;
}

/**
 * Account states in a service's collection (the planner's is `accounts`), one document per account, keyed by tenant and
 * account in `_id` (the fastest lookup on every supported server). Writes are conditional on the
 * version read, which makes them safe with several replicas (see MONGODB-SUBSET.md).
 *
 * The consumer handles many accounts at once, so loads and saves issued together are sent
 * together: one `find` by `_id` for every load of the moment, one bulk write for every save, in
 * place of a round trip each. Each caller still gets its own answer.
 */
export function createAccountStateRepository(
  db: Db,
  collection = 'accounts',
): AccountStateStore & AccountStateReader {
  const accounts = db.collection<AccountDocument>(collection);
  const idOf = (tenantId: string, accountId: string) => `${tenantId}:${accountId}`;
  const reads = new DataLoader<string, AccountDocument | undefined>(async (ids) => {
    const found = await findByIds(accounts, [...new Set(ids)]);
    return ids.map((id) => found.get(id));
  }, batchOptions);
  const writes = new DataLoader<PendingWrite, boolean>(
    (batch) => writeAll(accounts, batch),
    batchOptions,
  );
  return {
    async load(tenantId, accountId): Promise<StoredAccountState> {
      const document = await reads.load(idOf(tenantId, accountId));
      if (!document) return { state: emptyAccountState(tenantId, accountId), version: 0 };
      const { _id, version, writeToken, ...state } = document;
      return { state, version };
    },
    async loadMany(keys) {
      const ids = [...new Set(keys.map((k) => idOf(k.tenantId, k.accountId)))];
      const found = new Map<string, AccountState>();
      for (const [id, document] of await findByIds(accounts, ids)) {
        const { _id, version, writeToken, ...state } = document;
        found.set(id, state);
      }
      return found;
    },
    save(state, expectedVersion): Promise<boolean> {
      const document = {
        ...state,
        _id: idOf(state.tenantId, state.accountId),
        version: expectedVersion + 1,
        writeToken: randomUUID(),
      };
      return writes.load({ document, expectedVersion });
    },
  };
}

async function findByIds(
  accounts: Collection<AccountDocument>,
  ids: readonly string[],
): Promise<Map<string, AccountDocument>> {
  const found = new Map<string, AccountDocument>();
  if (ids.length === 0) return found;
  for await (const document of accounts.find({ _id: { $in: [...ids] } })) {
    found.set(document._id, document);
  }
  return found;
}

/**
 * Writes a batch of saves in one unordered bulk write and says which took effect: an insert
 * (a first save) unless its key was taken, a replace if the version was still the one read. The
 * server reports only how many replaces matched; when that falls short, the documents are read
 * back and a replace took effect where the stored write token is its own.
 */
async function writeAll(
  accounts: Collection<AccountDocument>,
  batch: readonly PendingWrite[],
): Promise<boolean[]> {
  const operations: AnyBulkWriteOperation<AccountDocument>[] = batch.map(
    ({ document, expectedVersion }) =>
      expectedVersion === 0
        ? { insertOne: { document } }
        : {
            replaceOne: {
              filter: { _id: document._id, version: expectedVersion },
              replacement: document,
            },
          },
  );
  const rejected = new Set<number>();
  let matched: number;
  try {
    matched = (await accounts.bulkWrite(operations, { ordered: false })).matchedCount;
  } catch (error) {
    if (!(error instanceof MongoBulkWriteError)) throw error;
    // Another writer's insert came first: that first save did not take effect. Anything else
    // fails the whole batch, and each caller retries.
    for (const writeError of writeErrorsOf(error)) {
      if (writeError.code !== DUPLICATE_KEY) throw batchedWriteFailed(writeError.code);
      rejected.add(writeError.index);
    }
    matched = error.result.matchedCount;
  }
  const replaces = batch.flatMap((write, index) => (write.expectedVersion === 0 ? [] : [index]));
  if (matched === replaces.length) return batch.map((_, index) => !rejected.has(index));
  const stored = await findByIds(
    accounts,
    replaces.map((index) => batch[index]!.document._id),
  );
  return batch.map(({ document, expectedVersion }, index) =>
    expectedVersion === 0
      ? !rejected.has(index)
      : stored.get(document._id)?.writeToken === document.writeToken,
  );
}
