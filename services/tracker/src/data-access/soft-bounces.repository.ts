import { createHmac } from 'node:crypto';
import type { Db } from '@kindly/mongo';
import type { SoftBounceLog } from '../domain/ports.js';

/**
 * Each e-mail address's recent soft bounces, one document per address keyed by a keyed hash of
 * it (never the address: this collection needs to recognise an address, not to list them), with
 * the bounces as `{ id, at }`. The same report again adds nothing (`$addToSet` of the same
 * value); bounces older than the window asked about are pulled out as they are met.
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
}

export function createSoftBounceLog(db: Db, key: string): SoftBounceLog {
  const collection = db.collection<SoftBounceDocument>(TRACKER_SOFT_BOUNCES);
  const idOf = (address: string) =>
    createHmac('sha256', key).update(`soft-bounce\n${address.toLowerCase()}`).digest('base64url');
  return {
    async record(address, bounceId, at, since) {
      const _id = idOf(address);
      await collection.updateOne(
        { _id },
        { $addToSet: { bounces: { id: bounceId, at } } },
        { upsert: true },
      );
      const bounces = (await collection.findOne({ _id }))?.bounces ?? [];
      const sinceMs = Date.parse(since);
      for (const old of bounces.filter((b) => Date.parse(b.at) < sinceMs)) {
        await collection.updateOne({ _id }, { $pull: { bounces: old } });
      }
      return bounces.filter((b) => Date.parse(b.at) >= sinceMs).length;
    },
  };
}
