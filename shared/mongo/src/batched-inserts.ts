import DataLoader from 'dataloader';
import {
  MongoBulkWriteError,
  type Collection,
  type Document,
  type OptionalUnlessRequiredId,
} from 'mongodb';
import { batchOptions } from './batching.js';
import { batchedWriteFailed, writeErrorsOf } from './bulk-write-errors.js';
import { DUPLICATE_KEY } from './duplicate-key.js';

/**
 * Inserts gathered: the inserts of the records handled at once go as one unordered `insertMany`
 * instead of a round trip each, and each caller learns whether its own document went in or its
 * key was taken (`duplicate`: the idempotency keys, claims and chain positions that rely on a
 * unique index read it as "someone else has it").
 */
export function createBatchedInserts<T extends Document>(collection: Collection<T>) {
  const loader = new DataLoader<OptionalUnlessRequiredId<T>, 'inserted' | 'duplicate'>(
    async (documents) => {
      const outcomes: ('inserted' | 'duplicate' | Error)[] = documents.map(() => 'inserted');
      try {
        await collection.insertMany([...documents], { ordered: false });
      } catch (error) {
        if (!(error instanceof MongoBulkWriteError)) throw error;
        for (const writeError of writeErrorsOf(error)) {
          outcomes[writeError.index] =
            writeError.code === DUPLICATE_KEY ? 'duplicate' : batchedWriteFailed(writeError.code);
        }
      }
      return outcomes;
    },
    batchOptions,
  );
  return {
    insertOne: (document: OptionalUnlessRequiredId<T>) => loader.load(document),
  };
}
