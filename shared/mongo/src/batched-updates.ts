import DataLoader from 'dataloader';
import {
  MongoBulkWriteError,
  MongoServerError,
  type Collection,
  type Document,
  type Filter,
  type UpdateFilter,
  type WriteError,
} from 'mongodb';
import { batchOptions } from './batching.js';
import { batchedWriteFailed, writeErrorsOf } from './bulk-write-errors.js';
import { DUPLICATE_KEY } from './duplicate-key.js';

interface PendingUpdate<T extends Document> {
  readonly filter: Filter<T>;
  readonly update: UpdateFilter<T>;
  readonly upsert: boolean;
}

/**
 * Single-document updates whose caller needs no count back, gathered: the updates of the records
 * handled at once go as one unordered bulk write instead of a round trip each, and each caller
 * learns only whether its own update failed. An upsert that lost a race to insert the same key
 * (a duplicate key: the document exists now) is run once more on its own, and then applies to
 * the document that won, as a lone upsert's caller would do.
 */
export function createBatchedUpdates<T extends Document>(collection: Collection<T>) {
  const loader = new DataLoader<PendingUpdate<T>, true>(async (batch) => {
    const outcomes: (true | Error)[] = batch.map(() => true);
    try {
      await collection.bulkWrite(
        batch.map(({ filter, update, upsert }) => ({ updateOne: { filter, update, upsert } })),
        { ordered: false },
      );
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) throw error;
      for (const writeError of writeErrorsOf(error)) {
        outcomes[writeError.index] = await retriedOrFailed(
          collection,
          batch[writeError.index]!,
          writeError,
        );
      }
    }
    return outcomes;
  }, batchOptions);
  return {
    updateOne(filter: Filter<T>, update: UpdateFilter<T>, options: { upsert?: boolean } = {}) {
      return loader.load({ filter, update, upsert: options.upsert ?? false });
    },
  };
}

export type BatchedUpdates<T extends Document> = ReturnType<typeof createBatchedUpdates<T>>;

async function retriedOrFailed<T extends Document>(
  collection: Collection<T>,
  pending: PendingUpdate<T>,
  writeError: WriteError,
): Promise<true | Error> {
  if (writeError.code === DUPLICATE_KEY && pending.upsert) {
    try {
      await collection.updateOne(pending.filter, pending.update, { upsert: true });
      return true;
    } catch (error) {
      return batchedWriteFailed(error instanceof MongoServerError ? error.code : undefined);
    }
  }
  return batchedWriteFailed(writeError.code);
}
