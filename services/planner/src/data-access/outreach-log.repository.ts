import { systemClock, type Clock } from '@kindly/clock';
import type { OutreachPlannedV1 } from '@kindly/contracts';
import {
  createBatchedInserts,
  createBatchedUpdates,
  isDuplicateKeyError,
  type Db,
} from '@kindly/mongo';
import type { LoggedMessage, OutreachLog, UnpublishedPlan } from '../domain/ports.js';

interface PlannedDocument extends LoggedMessage {
  _id: string;
  /** `tenant:account:cycle:stage` while open; `closed:<messageId>` after (unique either way). */
  slot: string;
  /** The plan's event as decided, kept from the claim until it is published. */
  event?: OutreachPlannedV1;
  /** Wall-clock time of the claim while unpublished (what recovery looks for); unset after. */
  pendingSince?: Date;
  /** Wall-clock time of the claim, kept: the newest of a stage's copies of one channel. */
  claimedAt?: Date;
}

interface SuppressionDocument {
  _id: string;
  messageId: string;
}

/** The planner's memory of its decisions: `planned-messages` and `planner-suppressions`. */
export function createOutreachLogRepository(db: Db, wallClock: Clock = systemClock): OutreachLog {
  const planned = db.collection<PlannedDocument>('planned-messages');
  const suppressions = db.collection<SuppressionDocument>('planner-suppressions');
  // Updates that need no answer go together with those of the other accounts looked at once.
  const updates = createBatchedUpdates(planned);
  const inserts = createBatchedInserts(planned);
  const ignoreDuplicate = (error: unknown) => {
    if (!isDuplicateKeyError(error)) throw error;
  };
  return {
    async accountLog(tenantId, accountId) {
      const documents = await planned.find({ tenantId, accountId }).toArray();
      return { messages: documents.map(toMessage), unpublished: documents.flatMap(toUnpublished) };
    },
    async claim(message, event) {
      const slot = `${message.tenantId}:${message.accountId}:${message.cycleId}:${message.stage}`;
      const claimedAt = wallClock.now().toJSDate();
      const inserted = await inserts.insertOne({
        _id: message.messageId,
        ...message,
        slot,
        status: 'planned',
        published: false,
        event,
        pendingSince: claimedAt,
        claimedAt,
      });
      if (inserted === 'inserted') return 'claimed';
      // Either this very message was claimed before (a crashed run: ours to finish), or
      // another message holds the stage's slot.
      const mine = await planned.countDocuments({ _id: message.messageId }, { limit: 1 });
      return mine > 0 ? 'claimed' : 'taken';
    },
    async markPublished(messageId) {
      await updates.updateOne(
        { _id: messageId },
        { $set: { published: true }, $unset: { event: '', pendingSince: '' } },
      );
    },
    async unpublishedBefore(before, limit) {
      const documents = await planned
        .find({ pendingSince: { $lt: before } })
        .sort({ pendingSince: 1 })
        .limit(limit)
        .toArray();
      return documents.flatMap(toUnpublished);
    },
    async oldestUnpublished() {
      const [oldest] = await planned
        .find({ pendingSince: { $exists: true } }, { projection: { pendingSince: 1 } })
        .sort({ pendingSince: 1 })
        .limit(1)
        .toArray();
      return oldest?.pendingSince;
    },
    async markCancelled(messageId) {
      await planned.updateOne(
        { _id: messageId },
        { $set: { status: 'cancelled', slot: `closed:${messageId}` } },
      );
    },
    async markSuperseded(messageId) {
      // Never a message the planner knows went out: it would be sent again by the other channel.
      const superseded = await planned.findOneAndUpdate(
        {
          _id: messageId,
          status: 'planned',
          sentAt: { $exists: false },
          outcome: { $exists: false },
        },
        {
          $set: { status: 'cancelled', slot: `closed:${messageId}`, supersededAtRelease: true },
        },
        { returnDocument: 'after' },
      );
      if (superseded) return { message: toMessage(superseded), result: 'superseded' };
      const known = await planned.findOne({ _id: messageId });
      if (!known) return undefined;
      const sent = known.sentAt !== undefined || known.outcome !== undefined;
      return { message: toMessage(known), result: sent ? 'already-sent' : 'already-cancelled' };
    },
    async recordOutcome(messageId, update) {
      // The earliest send time wins (`$min`: reports can arrive out of order); the first final
      // outcome stands. One command per report, two when a later outcome finds one in place.
      const earliest = update.sentAt !== undefined ? { $min: { sentAt: update.sentAt } } : {};
      if (update.outcome !== undefined) {
        const closed = await planned.findOneAndUpdate(
          { _id: messageId, outcome: { $exists: false } },
          { $set: { outcome: update.outcome, slot: `closed:${messageId}` }, ...earliest },
          { returnDocument: 'after' },
        );
        if (closed) return toMessage(closed);
      }
      const document =
        update.sentAt !== undefined
          ? await planned.findOneAndUpdate({ _id: messageId }, earliest, {
              returnDocument: 'after',
            })
          : await planned.findOne({ _id: messageId });
      return document ? toMessage(document) : undefined;
    },
    async findMessage(tenantId, accountId, cycleId, stage, channel) {
      // A supersession leaves several messages of one channel in a stage (the cancelled e-mail,
      // the e-mail planned again): the one still planned and open is the one that went, or goes.
      const candidates = await planned
        .find({ tenantId, accountId, cycleId, stage, channel, status: 'planned' })
        .toArray();
      const [chosen] = candidates.sort(openFirstThenNewest);
      return chosen ? toMessage(chosen) : undefined;
    },
    async suppressionAnnounced(key) {
      return (await suppressions.countDocuments({ _id: key }, { limit: 1 })) > 0;
    },
    async recordSuppression(key, messageId) {
      await suppressions.insertOne({ _id: key, messageId }).catch(ignoreDuplicate);
    },
  };
}

/** Messages without an outcome first, then the newest claim (then the latest plannedFor). */
function openFirstThenNewest(a: PlannedDocument, b: PlannedDocument): number {
  const open = Number(a.outcome !== undefined) - Number(b.outcome !== undefined);
  if (open !== 0) return open;
  const claimed = (b.claimedAt?.getTime() ?? 0) - (a.claimedAt?.getTime() ?? 0);
  return claimed !== 0 ? claimed : b.plannedFor.localeCompare(a.plannedFor);
}

function toMessage(document: PlannedDocument): LoggedMessage {
  const { _id, slot, event, pendingSince, claimedAt, ...message } = document;
  return message;
}

function toUnpublished(document: PlannedDocument): UnpublishedPlan[] {
  const { event, pendingSince } = document;
  if (document.published || document.status !== 'planned' || !event || !pendingSince) return [];
  return [{ messageId: document._id, event, since: pendingSince }];
}
