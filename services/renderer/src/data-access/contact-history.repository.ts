import type { OutreachChannel } from '@kindly/contracts';
import { createBatchedUpdates, type Db, type UpdateFilter } from '@kindly/mongo';
import type { ContactAttempt } from '@kindly/rules';
import { attemptReportOf } from '../domain/contact-history.js';
import type { ContactHistoryStore, ContactRecord } from '../domain/ports.js';

export const RENDERER_CONTACTS = 'renderer-contacts';

/**
 * One message (`_id` = message id): its cycle once released, when a provider first took it and
 * when it first reached the customer (Dates, kept by `$min`), and each call an agent reported.
 */
interface ContactDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  channel: OutreachChannel;
  cycleId?: string;
  sentAt?: Date;
  reachedAt?: Date;
  calls?: { attempt: number; at: string; reached: boolean }[];
}

// As the contracts write instants: whole seconds without `.000`.
const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');

function recordOf(doc: ContactDocument): ContactRecord {
  const attempts: ContactAttempt[] =
    doc.channel === 'agent-call'
      ? [...new Map((doc.calls ?? []).map((c) => [c.attempt, c])).values()].map((call) => ({
          channel: 'agent-call',
          at: call.at,
          reached: call.reached,
        }))
      : doc.sentAt === undefined
        ? []
        : [{ channel: doc.channel, at: iso(doc.sentAt), reached: doc.reachedAt !== undefined }];
  return { messageId: doc._id, channel: doc.channel, cycleId: doc.cycleId, attempts };
}

/**
 * `renderer-contacts` in MongoDB: the release and the delivery reports of a message meet in one
 * document, whichever comes first. Every write is an upsert that the same input repeats without
 * effect. Indexed by account.
 */
export function createContactHistoryRepository(db: Db): ContactHistoryStore {
  const contacts = db.collection<ContactDocument>(RENDERER_CONTACTS);
  // The writes of the messages handled at once go together; two first writes of one message
  // that race are sorted out there (the second applies to the document the first made).
  const updates = createBatchedUpdates(contacts);
  const upsert = async (
    key: Pick<ContactDocument, '_id' | 'tenantId' | 'accountId' | 'channel'>,
    update: UpdateFilter<ContactDocument>,
  ) => {
    const { _id, ...identity } = key;
    await updates.updateOne({ _id }, { ...update, $setOnInsert: identity }, { upsert: true });
  };
  return {
    async recordRelease(release) {
      await upsert(
        {
          _id: release.messageId,
          tenantId: release.tenantId,
          accountId: release.accountId,
          channel: release.channel,
        },
        { $set: { cycleId: release.cycleId } },
      );
    },
    async recordOutcome(tenantId, outcome) {
      const report = attemptReportOf(outcome);
      if (report.kind === 'none') return;
      const key = {
        _id: outcome.messageId,
        tenantId,
        accountId: outcome.accountId,
        channel: outcome.channel,
      };
      if (report.kind === 'call') {
        const call = { attempt: report.attempt, at: report.at, reached: report.reached };
        await upsert(key, { $addToSet: { calls: call } });
        return;
      }
      const at = new Date(report.at);
      await upsert(key, { $min: { sentAt: at, ...(report.reached ? { reachedAt: at } : {}) } });
    },
    async ofAccount(tenantId, accountId) {
      const docs = await contacts.find({ tenantId, accountId }).toArray();
      return docs.map(recordOf);
    },
  };
}
