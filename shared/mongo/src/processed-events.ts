import DataLoader from 'dataloader';
import { MongoBulkWriteError, type Db } from 'mongodb';
import { batchOptions } from './batching.js';
import { batchedWriteFailed, writeErrorsOf } from './bulk-write-errors.js';
import { DUPLICATE_KEY } from './duplicate-key.js';

/** How long a consumer remembers an event it handled: longer than any redelivery can come late. */
const REMEMBER_MS = 30 * 24 * 60 * 60 * 1000;

interface ProcessedEvent {
  _id: string;
  consumer: string;
  eventId: string;
  processedAt: Date;
  expiresAt: Date;
}

export type OnceResult<T> = { readonly ran: true; readonly result: T } | { readonly ran: false };

/**
 * Makes a handler take effect once per event id, for one consumer (service), on top of Kafka's
 * at-least-once delivery.
 *
 * The effect runs first and the event is recorded after it (in the `processed` collection, whose
 * unique key is the consumer and the event id); a redelivered event that is already recorded is
 * not run again. Without transactions the two writes cannot be one, so a crash between them runs
 * the effect again on redelivery: the effect must therefore itself be idempotent (writes keyed by
 * deterministic ids, upserts, inserts that treat a duplicate key as done). The record then saves
 * the repeated work and makes a duplicate visible as a `skip`.
 *
 * The consumer handles many accounts' events at once: the lookups of the moment go as one `find`
 * by `_id`, the records as one unordered insert.
 */
export function createProcessedEvents(db: Db, consumer: string) {
  const processed = db.collection<ProcessedEvent>('processed');
  const seen = new DataLoader<string, boolean>(async (ids) => {
    const found = new Set<string>();
    const cursor = processed.find({ _id: { $in: [...new Set(ids)] } }, { projection: { _id: 1 } });
    for await (const document of cursor) found.add(document._id);
    return ids.map((id) => found.has(id));
  }, batchOptions);
  const record = new DataLoader<ProcessedEvent, true>(async (documents) => {
    try {
      await processed.insertMany([...documents], { ordered: false });
    } catch (error) {
      // Another replica recorded some first (a rebalance handed it the same records): also
      // done. Any other failure fails the batch, and each caller retries.
      if (!(error instanceof MongoBulkWriteError)) throw error;
      const failed = writeErrorsOf(error).find((e) => e.code !== DUPLICATE_KEY);
      if (failed) throw batchedWriteFailed(failed.code);
    }
    return documents.map(() => true as const);
  }, batchOptions);
  return {
    async once<T>(eventId: string, now: Date, effect: () => Promise<T>): Promise<OnceResult<T>> {
      const id = `${consumer}:${eventId}`;
      if (await seen.load(id)) return { ran: false };
      const result = await effect();
      await record.load({
        _id: id,
        consumer,
        eventId,
        processedAt: now,
        expiresAt: new Date(now.getTime() + REMEMBER_MS),
      });
      return { ran: true, result };
    },

    /** Forgets events past their memory; run periodically (no TTL index: see MONGODB-SUBSET.md). */
    async forgetExpired(now: Date): Promise<number> {
      const { deletedCount } = await processed.deleteMany({ consumer, expiresAt: { $lt: now } });
      return deletedCount;
    },
  };
}

export type ProcessedEvents = ReturnType<typeof createProcessedEvents>;
