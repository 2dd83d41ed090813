import { AppError } from '@kindly/errors';
import { createBatchedFinds, createBatchedInserts, type Db } from '@kindly/mongo';
import { chainAuditRecord, type ChainedAuditRecord } from '../domain/audit-record.js';
import type { AuditLog } from '../domain/ports.js';

export const AUDIT = 'audit';

/** A stored audit record: the chained record, its key, and the send time as a Date for queries. */
export interface AuditDocument extends ChainedAuditRecord {
  _id: string;
  sentAt: Date;
}

// Each conflict means another writer appended to this account's chain between our read and our
// insert; one of them always wins, so a handful of rounds is plenty unless something loops.
const MAX_CONFLICTS = 20;

/**
 * The append-only `audit` collection, hash-chained per account: the unique index on (tenantId,
 * accountId, seq) lets exactly one of two concurrent appends take a sequence number, and the
 * loser reads the new end of the chain and tries again. The record's `_id` is its key (message
 * and attempt), so appending the same send again keeps one record. Nothing here updates or
 * deletes.
 */
export function createAuditRepository(db: Db): AuditLog {
  const audit = db.collection<AuditDocument>(AUDIT);
  // Whether a key was appended already: asked together for the sends in hand.
  const reads = createBatchedFinds(audit);
  const inserts = createBatchedInserts(audit);
  return {
    async append(key, entry) {
      for (let round = 0; round < MAX_CONFLICTS; round++) {
        if (await reads.findById(key)) return;
        const last = await audit
          .find({ tenantId: entry.tenantId, accountId: entry.accountId })
          .sort({ seq: -1 })
          .limit(1)
          .next();
        const record = chainAuditRecord(
          entry,
          last ? { seq: last.seq, hash: last.hash } : undefined,
        );
        const inserted = await inserts.insertOne({
          _id: key,
          ...record,
          sentAt: new Date(record.sentAtUtc),
        });
        if (inserted === 'inserted') return;
      }
      throw new AppError('AUDIT_CONFLICT', 'the account’s audit chain kept changing', {
        retryable: true,
      });
    },
  };
}

/** An account's audit chain in order, without the storage fields (to verify its hashes). */
export async function readAuditChain(
  db: Db,
  tenantId: string,
  accountId: string,
): Promise<ChainedAuditRecord[]> {
  const documents = await db
    .collection<AuditDocument>(AUDIT)
    .find({ tenantId, accountId })
    .sort({ seq: 1 })
    .toArray();
  return documents.map(({ _id, sentAt, ...record }) => record);
}
