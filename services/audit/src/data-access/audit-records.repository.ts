import {
  createBatchedFinds,
  createBatchedInserts,
  createBatchedUpdates,
  type Db,
} from '@kindly/mongo';
import { LRUCache } from 'lru-cache';
import { NOT_ACTIVITY } from '../domain/account-chain-rules.js';
import type { AuditBody } from '../domain/audit-body.js';
import { accountDocId } from './account-key.js';
import type { AuditRecord, AuditStore, ChainEnd } from '../domain/ports.js';

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

export const AUDIT_ACCOUNTS = 'audit-accounts';

/**
 * One per account (`_id`: accountDocId): when its last activity was kept, so that retention
 * finds the inactive accounts by an index instead of grouping every record (`$max` in a `$group`
 * is outside the MongoDB subset Kindly keeps to). A candidate list only: retention reads the
 * account's real last record before it removes anything.
 */
export interface AccountSummaryDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  lastRecordedAtDate: Date;
  /** Set when retention expired the account (unset again by new activity). */
  expiredAt?: Date;
  /** Not to be examined again before this (held, or its class not yet run out). */
  reviewAt?: Date;
}

// How long the end of the anchored periods is taken as known: far less than the anchoring grace
// (a period is anchored only when it ended that long ago).
const ANCHOR_END_KEPT_MS = 10_000;

// Chain ends recently written here: the next append to an account usually comes from this
// process (its events are keyed by account), so its end need not be read again. A stale end
// only costs a lost round: the unique sequence number refuses it.
const CHAIN_ENDS_KEPT = 50_000;

export function createAuditRecordRepository(db: Db): AuditStore {
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const finds = createBatchedFinds(records);
  const inserts = createBatchedInserts(records);
  const summaries = createBatchedUpdates(db.collection<AccountSummaryDocument>(AUDIT_ACCOUNTS));
  const ends = new LRUCache<string, ChainEnd>({ max: CHAIN_ENDS_KEPT });
  const anchorsCollection = db.collection<{ _id: number; periodEnd: string }>('audit-anchors');
  let anchored = { readAt: -Infinity, endMs: 0 };
  return {
    async has(eventId) {
      return (await finds.findById(eventId)) !== null;
    },
    async chainEnd(tenantId, accountId) {
      const known = ends.get(accountDocId(tenantId, accountId));
      if (known) return known;
      const last = await records
        .find({ tenantId, accountId }, { projection: { seq: 1, hash: 1, recordedAt: 1 } })
        .sort({ seq: -1 })
        .limit(1)
        .next();
      return last ? { seq: last.seq, hash: last.hash, recordedAt: last.recordedAt } : undefined;
    },
    async anchoredUntil() {
      if (Date.now() - anchored.readAt > ANCHOR_END_KEPT_MS) {
        const last = await anchorsCollection.find().sort({ _id: -1 }).limit(1).next();
        anchored = { readAt: Date.now(), endMs: last ? Date.parse(last.periodEnd) : 0 };
      }
      return anchored.endMs;
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
      const key = accountDocId(record.tenantId, record.accountId);
      if (outcome === 'inserted') {
        ends.set(key, { seq: record.seq, hash: record.hash, recordedAt: record.recordedAt });
        // Activity restarts the account's retention (a contact sync or the audit's own records
        // do not); an account expired before and active again is a candidate again.
        if (!NOT_ACTIVITY.has(record.type)) {
          await summaries.updateOne(
            { _id: key },
            {
              $max: { lastRecordedAtDate: new Date(record.recordedAt) },
              $unset: { expiredAt: '', reviewAt: '' },
              $setOnInsert: { tenantId: record.tenantId, accountId: record.accountId },
            },
            { upsert: true },
          );
        }
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
