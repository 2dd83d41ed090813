import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { Anchor } from '../domain/anchors.js';
import type { AnchorStore } from '../domain/ports.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './audit-records.repository.js';

export const AUDIT_ANCHORS = 'audit-anchors';

/** An anchor, keyed by its sequence number (`_id`), so that two writers cannot both take one. */
export interface AnchorDocument extends Anchor {
  _id: number;
}

export function createAnchorRepository(db: Db): AnchorStore & {
  /** Every anchor in order, for verification and export. */
  all(): AsyncIterable<Anchor>;
} {
  const anchors = db.collection<AnchorDocument>(AUDIT_ANCHORS);
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const strip = ({ _id, ...anchor }: AnchorDocument): Anchor => anchor;
  return {
    async last() {
      const doc = await anchors.find().sort({ _id: -1 }).limit(1).next();
      return doc ? strip(doc) : undefined;
    },
    async insert(anchor) {
      try {
        await anchors.insertOne({ _id: anchor.seq, ...anchor });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async firstRecordAt() {
      const first = await records
        .find({}, { projection: { recordedAtDate: 1 } })
        .sort({ recordedAtDate: 1 })
        .limit(1)
        .next();
      return first?.recordedAtDate.getTime();
    },
    async *recordHashesIn(period) {
      // In the order they were kept, streamed: a period of millions holds only a cursor batch.
      const cursor = records
        .find(
          { recordedAtDate: { $gte: new Date(period.start), $lt: new Date(period.end) } },
          { projection: { hash: 1 } },
        )
        .sort({ recordedAtDate: 1, _id: 1 })
        .batchSize(5_000);
      for await (const record of cursor) yield record.hash;
    },
    async *all() {
      for await (const doc of anchors.find().sort({ _id: 1 })) yield strip(doc);
    },
  };
}
