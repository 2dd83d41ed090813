import type { CancellationReason, DeliveryStatus } from '@kindly/contracts';
import {
  createBatchedFinds,
  createBatchedInserts,
  createBatchedUpdates,
  type Db,
  type UpdateFilter,
} from '@kindly/mongo';
import type { MessageRecord, ReleasedMessage } from '../domain/escalation-message.js';
import type { MessageStore } from '../domain/ports.js';

export const ESCALATION_MESSAGES = 'escalation-messages';

/**
 * One released message (`_id` = message id). Instants the queries compare or `$min` keeps are
 * Dates; the release keeps the event's ISO text.
 */
interface MessageDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  accountKey: string;
  cycleId?: string;
  release?: ReleasedMessage;
  releasedAt?: Date;
  deliveredAt?: Date;
  /** The first click on the payment link: delivery only while no hard failure is recorded. */
  clickedAt?: Date;
  acceptedAt?: Date;
  failedAt?: Date;
  failure?: { status: DeliveryStatus; errorCode?: string };
  lastStatus?: DeliveryStatus;
  cancelled?: CancellationReason;
  /** When the fallback wait ends: what the timer rounds look for; unset once decided. */
  fallbackDueAt?: Date;
  fallback?: string;
  escalatedAt?: string;
  /** When the final notice's wait for legal ends; unset once decided. */
  legalDueAt?: Date;
  legal?: string;
}

const accountKeyOf = (tenantId: string, accountId: string) => `${tenantId}:${accountId}`;
// As the contracts write instants: whole seconds without `.000`.
const iso = (date: Date | undefined) => date?.toISOString().replace('.000Z', 'Z');

function recordOf(doc: MessageDocument): MessageRecord {
  return {
    messageId: doc._id,
    tenantId: doc.tenantId,
    accountId: doc.accountId,
    release: doc.release,
    delivery: {
      deliveredAt: iso(doc.deliveredAt),
      clickedAt: iso(doc.clickedAt),
      acceptedAt: iso(doc.acceptedAt),
      failedAt: iso(doc.failedAt),
      failure: doc.failure,
    },
    cancelled: doc.cancelled,
    escalatedAt: doc.escalatedAt,
  };
}

/**
 * `escalation-messages` in MongoDB: a release is inserted under the message id (kept once); an
 * outcome or a cancellation that arrives first creates the document without it. Indexed by
 * account (history, the last message) and by each timer.
 */
export function createMessageRepository(db: Db): MessageStore {
  const messages = db.collection<MessageDocument>(ESCALATION_MESSAGES);
  // Lookups by id, and updates that need no answer, go together with those of the other
  // records handled at once.
  const reads = createBatchedFinds(messages);
  const updates = createBatchedUpdates(messages);
  const inserts = createBatchedInserts(messages);
  const due = async (field: 'fallbackDueAt' | 'legalDueAt', now: Date, limit: number) => {
    const docs = await messages
      .find({ [field]: { $lte: now } })
      .sort({ [field]: 1 })
      .limit(limit)
      .toArray();
    return docs.map(recordOf);
  };
  return {
    async recordRelease(key, release, timers) {
      const releasedAt = new Date(release.releasedAt);
      const timerFields = {
        ...(timers.fallbackDueAt === undefined ? {} : { fallbackDueAt: timers.fallbackDueAt }),
        ...(timers.legalDueAt === undefined ? {} : { legalDueAt: timers.legalDueAt }),
      };
      const inserted = await inserts.insertOne({
        _id: key.messageId,
        tenantId: key.tenantId,
        accountId: key.accountId,
        accountKey: accountKeyOf(key.tenantId, key.accountId),
        cycleId: release.cycleId,
        release,
        releasedAt,
        ...timerFields,
      });
      if (inserted === 'inserted') return 'new';
      const existing = await reads.findById(key.messageId);
      if (existing?.release !== undefined) return 'duplicate';
      // An outcome or a cancellation came first: add the release; timers only if not cancelled.
      await updates.updateOne(
        { _id: key.messageId, release: { $exists: false } },
        {
          $set: {
            cycleId: release.cycleId,
            release,
            releasedAt,
            ...(existing?.cancelled === undefined ? timerFields : {}),
          },
        },
      );
      return 'new';
    },

    async recordOutcome(report, evidence) {
      const at = new Date(report.at);
      const update: UpdateFilter<MessageDocument> = {
        $setOnInsert: {
          tenantId: report.tenantId,
          accountId: report.accountId,
          accountKey: accountKeyOf(report.tenantId, report.accountId),
        },
        $set: {
          lastStatus: report.status,
          ...(evidence === 'failed'
            ? {
                failure: {
                  status: report.status,
                  ...(report.errorCode === undefined ? {} : { errorCode: report.errorCode }),
                },
              }
            : {}),
        },
      };
      if (evidence === 'delivered') update.$min = { deliveredAt: at };
      if (evidence === 'clicked') update.$min = { clickedAt: at };
      if (evidence === 'accepted') update.$min = { acceptedAt: at };
      if (evidence === 'failed') update.$min = { failedAt: at };
      await updates.updateOne({ _id: report.messageId }, update, { upsert: true });
    },

    async recordCancellation(key, reason) {
      await updates.updateOne(
        { _id: key.messageId },
        {
          $setOnInsert: {
            tenantId: key.tenantId,
            accountId: key.accountId,
            accountKey: accountKeyOf(key.tenantId, key.accountId),
          },
          $set: { cancelled: reason },
          $unset: { fallbackDueAt: '', legalDueAt: '' },
        },
        { upsert: true },
      );
    },

    async get(messageId) {
      const doc = await reads.findById(messageId);
      return doc === null ? undefined : recordOf(doc);
    },

    async ofAccount(tenantId, accountId) {
      const docs = await messages
        .find({ accountKey: accountKeyOf(tenantId, accountId) })
        .sort({ releasedAt: -1 })
        .limit(500)
        .toArray();
      return docs.map(recordOf);
    },

    dueFallbacks: (now, limit) => due('fallbackDueAt', now, limit),
    dueLegal: (now, limit) => due('legalDueAt', now, limit),

    async updateFallback(messageId, next) {
      switch (next.kind) {
        case 'wait':
          await updates.updateOne({ _id: messageId }, { $set: { fallbackDueAt: next.until } });
          return;
        case 'settle':
          await updates.updateOne(
            { _id: messageId },
            { $set: { fallback: next.why }, $unset: { fallbackDueAt: '' } },
          );
          return;
        case 'escalated':
          await updates.updateOne(
            { _id: messageId },
            {
              $set: { fallback: 'ESCALATED', escalatedAt: next.at },
              $unset: { fallbackDueAt: '' },
            },
          );
          return;
      }
    },

    async updateLegal(messageId, next) {
      if (next.kind === 'wait') {
        await updates.updateOne({ _id: messageId }, { $set: { legalDueAt: next.until } });
        return;
      }
      await updates.updateOne(
        { _id: messageId },
        { $set: { legal: next.why }, $unset: { legalDueAt: '' } },
      );
    },
  };
}
