import { createHmac } from 'node:crypto';
import type { Db } from '@kindly/mongo';
import type { SoftBounceLog } from '../domain/ports.js';

/**
 * Each e-mail address's recent soft bounces, one document per address keyed by a keyed hash of
 * it (never the address: this collection needs to recognise an address, not to list them), with
 * the bounces as `{ id, at }`, `at` the time the tracker first took the report. An attempt's id
 * is added only when the list does not have it yet (a `$push` whose filter says the id is
 * absent), so the same report again, at any later time, adds nothing; the count is of distinct
 * ids. Bounces older than the window asked about are pulled out as they are met, and a whole
 * document whose newest bounce has left the window is deleted (`expiresAt`). Within the
 * MongoDB subset (shared/mongo/MONGODB-SUBSET.md): an upsert with `$setOnInsert`, a `$ne` on a
 * dotted path into an array of subdocuments, `$push` of a value, `$pull` of an exact value, `$max`, a range delete.
 */
export const TRACKER_SOFT_BOUNCES = 'tracker-soft-bounces';

interface SoftBounce {
  /** The attempt that bounced, `messageId/attempt`. */
  readonly id: string;
  readonly at: string;
}

interface SoftBounceDocument {
  _id: string;
  bounces: SoftBounce[];
  /**
   * When the newest bounce leaves the window counted over: past it the document counts nothing
   * and is deleted (by this indexed field, as bounces are recorded: no TTL index on the
   * Mongo-wire servers, shared/mongo/MONGODB-SUBSET.md).
   */
  expiresAt?: Date;
}

export function createSoftBounceLog(db: Db, key: string): SoftBounceLog {
  const collection = db.collection<SoftBounceDocument>(TRACKER_SOFT_BOUNCES);
  const idOf = (address: string) =>
    createHmac('sha256', key).update(`soft-bounce\n${address.toLowerCase()}`).digest('base64url');
  return {
    async record(address, bounceId, at, since) {
      const _id = idOf(address);
      // Two steps, each safe to race: the document exists (an upsert that sets nothing on a
      // match), then the bounce is pushed only where its id is absent. One upsert with the `$ne`
      // filter would try to insert a second document with the same _id when the id is there.
      await collection.updateOne({ _id }, { $setOnInsert: { bounces: [] } }, { upsert: true });
      await collection.updateOne(
        { _id, 'bounces.id': { $ne: bounceId } },
        { $push: { bounces: { id: bounceId, at } } },
      );
      const atMs = Date.parse(at);
      const windowMs = Math.max(0, atMs - Date.parse(since));
      await collection.updateOne({ _id }, { $max: { expiresAt: new Date(atMs + windowMs) } });
      await collection.deleteMany({ expiresAt: { $lt: new Date(atMs) } });
      const bounces = (await collection.findOne({ _id }))?.bounces ?? [];
      const sinceMs = Date.parse(since);
      for (const old of bounces.filter((b) => Date.parse(b.at) < sinceMs)) {
        await collection.updateOne({ _id }, { $pull: { bounces: old } });
      }
      const recent = bounces.filter((b) => Date.parse(b.at) >= sinceMs);
      return new Set(recent.map((b) => b.id)).size;
    },
  };
}
