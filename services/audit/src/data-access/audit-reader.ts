import type { Db } from '@kindly/mongo';
import type { AuditReader } from '../domain/verify-audit.use-case.js';
import { createAnchorRepository } from './anchors.repository.js';
import { AUDIT_EVIDENCE } from './evidence.repository.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './audit-records.repository.js';

/** Reads the audit for verification, streaming: memory stays flat however many records. */
export function createAuditReader(db: Db): AuditReader {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const anchors = createAnchorRepository(db);
  return {
    async *chains() {
      const cursor = records
        .find({}, { projection: { addressKeys: 0, recordedAtDate: 0, occurredAtDate: 0 } })
        .sort({ tenantId: 1, accountId: 1, seq: 1 })
        .batchSize(2_000);
      for await (const doc of cursor) {
        const { _id, expiredAt, messageId, channel, ...record } = doc;
        yield {
          ...record,
          addressKeys: [],
          ...(expiredAt !== undefined ? { expired: true } : {}),
        };
      }
    },
    anchors: () => anchors.all(),
    async evidenceIds() {
      const ids = new Set<string>();
      const cursor = db
        .collection<{ _id: string }>(AUDIT_EVIDENCE)
        .find({}, { projection: { _id: 1 } })
        .batchSize(10_000);
      for await (const doc of cursor) ids.add(doc._id);
      return ids;
    },
    recordHashesIn: (period) => anchors.recordHashesIn(period),
    async recordedSince(ms) {
      const filter = { recordedAtDate: { $gte: new Date(ms) } };
      const count = await records.countDocuments(filter);
      const earliest = await records
        .find(filter, { projection: { recordedAtDate: 1 } })
        .sort({ recordedAtDate: 1 })
        .limit(1)
        .next();
      return { count, ...(earliest ? { earliestMs: earliest.recordedAtDate.getTime() } : {}) };
    },
  };
}
