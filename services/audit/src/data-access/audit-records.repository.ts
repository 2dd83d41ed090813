import { createBatchedFinds, createBatchedInserts, type Db } from '@kindly/mongo';
import { LRUCache } from 'lru-cache';
import type { AuditBody } from '../domain/audit-body.js';
import type { AuditRecord, AuditStore } from '../domain/ports.js';

export const AUDIT_RECORDS = 'audit-records';

/**
 * A stored record: the chained record, keyed by its event id (`_id`), with copies of what queries
 * filter on (dates as Dates, the message, the channel). The copies are not hashed: the body is,
 * and verification reads the body.
 */
export interface AuditRecordDocument extends Omit<AuditRecord, 'body'> {
  _id: string;
  body?: AuditBody;
  recordedAtDate: Date;
  occurredAtDate: Date;
  type: string;
  messageId?: string;
  channel?: string;
  /** Set by retention when it removed the body. */
  expiredAt?: Date;
}

// Chain ends recently written here: the next append to an account usually comes from this
// process (its events are keyed by account), so its end need not be read again. A stale end
// only costs a lost round: the unique sequence number refuses it.
const CHAIN_ENDS_KEPT = 50_000;

export function createAuditRecordRepository(db: Db): AuditStore {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const finds = createBatchedFinds(records);
  const inserts = createBatchedInserts(records);
  const ends = new LRUCache<string, { seq: number; hash: string }>({ max: CHAIN_ENDS_KEPT });
  const keyOf = (tenantId: string, accountId: string) => `${tenantId}\u0000${accountId}`;
  return {
    async has(eventId) {
      return (await finds.findById(eventId)) !== null;
    },
    async chainEnd(tenantId, accountId) {
      const known = ends.get(keyOf(tenantId, accountId));
      if (known) return known;
      const last = await records
        .find({ tenantId, accountId }, { projection: { seq: 1, hash: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .next();
      return last ? { seq: last.seq, hash: last.hash } : undefined;
    },
    async insert(eventId, record) {
      const { body, ...link } = record;
      const outcome = await inserts.insertOne({
        _id: eventId,
        ...link,
        ...(body ? { body } : {}),
        recordedAtDate: new Date(record.recordedAt),
        occurredAtDate: new Date(body?.occurredAt ?? record.recordedAt),
        type: body?.type ?? 'unknown',
        ...queryCopies(body),
      });
      const key = keyOf(record.tenantId, record.accountId);
      if (outcome === 'inserted') {
        ends.set(key, { seq: record.seq, hash: record.hash });
        return 'inserted';
      }
      ends.delete(key);
      return (await records.findOne({ _id: eventId }, { projection: { _id: 1 } }))
        ? 'duplicate'
        : 'taken';
    },
  };
}

function queryCopies(body: AuditBody | undefined): Partial<AuditRecordDocument> {
  const payload = body?.payload as { messageId?: unknown; channel?: unknown } | undefined;
  return {
    ...(typeof payload?.messageId === 'string' ? { messageId: payload.messageId } : {}),
    ...(typeof payload?.channel === 'string' ? { channel: payload.channel } : {}),
  };
}
