import { messageReferenceOf, type DeliveryStatus, type MessageChannel } from '@kindly/contracts';
import { createBatchedUpdates, isDuplicateKeyError, type Db } from '@kindly/mongo';
import { ACCEPTED_RANK } from '../domain/delivery-progress.js';
import type {
  AdvanceResult,
  DeliveryRecord,
  DeliverySeed,
  DeliveryStore,
} from '../domain/ports.js';

/** The tracker's record of each send attempt it has heard of; `_id` is `<messageId>/<attempt>`. */
export const TRACKER_DELIVERIES = 'tracker-deliveries';

interface DeliveryDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  messageId: string;
  /** The message's short reference, set when the dispatcher reports it sent: a click names it. */
  reference?: string;
  attempt: number;
  channel: MessageChannel;
  provider: string;
  providerMessageId?: string;
  correlationId: string;
  causationId: string | null;
  status: DeliveryStatus;
  rank: number;
  statusAt?: string;
  pendingEventId?: string;
  /** Every status taken, in order: the attempt's history for support and the audit. */
  history: { status: DeliveryStatus; at: string }[];
  updatedAt: Date;
}

const idOf = (messageId: string, attempt: number) => `${messageId}/${attempt}`;

function recordOf(document: DeliveryDocument): DeliveryRecord {
  const {
    _id,
    history: _history,
    updatedAt: _updatedAt,
    reference: _reference,
    ...record
  } = document;
  return record;
}

export function createDeliveryRepository(
  db: Db,
  now: () => Date = () => new Date(),
): DeliveryStore {
  const deliveries = db.collection<DeliveryDocument>(TRACKER_DELIVERIES);
  // Updates that need no answer go together with those of the other records handled at once.
  const updates = createBatchedUpdates(deliveries);

  return {
    async recordAccepted(seed: DeliverySeed) {
      const { messageId, attempt, providerMessageId, ...who } = seed;
      await updates.updateOne(
        { _id: idOf(messageId, attempt) },
        {
          $set: {
            ...who,
            reference: messageReferenceOf(messageId),
            ...(providerMessageId ? { providerMessageId } : {}),
          },
          $setOnInsert: {
            messageId,
            attempt,
            status: 'accepted',
            rank: ACCEPTED_RANK,
            history: [],
            updatedAt: now(),
          },
        },
        { upsert: true },
      );
    },

    async advance(seed, change): Promise<AdvanceResult> {
      const _id = idOf(seed.messageId, seed.attempt);
      const { providerMessageId, ...fixed } = seed;
      const providerId = change.providerMessageId ?? providerMessageId;
      try {
        const after = await deliveries.findOneAndUpdate(
          { _id, rank: { $lt: change.rank } },
          {
            $set: {
              status: change.status,
              rank: change.rank,
              statusAt: change.at,
              pendingEventId: change.eventId,
              updatedAt: now(),
              ...(providerId ? { providerMessageId: providerId } : {}),
            },
            $setOnInsert: fixed,
            $push: { history: { status: change.status, at: change.at } },
          },
          { upsert: true, returnDocument: 'after' },
        );
        if (after) return { advanced: true, record: recordOf(after) };
      } catch (error) {
        // The attempt is there with a status of equal or higher rank: the upsert's insert clashed.
        if (!isDuplicateKeyError(error)) throw error;
      }
      const current = await deliveries.findOne({ _id });
      if (!current) throw new Error(`delivery ${_id} vanished while being advanced`);
      return { advanced: false, record: recordOf(current) };
    },

    async markPublished(messageId, attempt, eventId) {
      await updates.updateOne(
        { _id: idOf(messageId, attempt), pendingEventId: eventId },
        { $unset: { pendingEventId: '' } },
      );
    },

    async latestAttempt(messageId) {
      const document = await deliveries.findOne({ messageId }, { sort: { attempt: -1 } });
      return document ? recordOf(document) : undefined;
    },

    async sentWithReference(shortReference, tenants) {
      // A handful at most (a message's attempts); more would be collisions the caller refuses.
      // Only the tenants of the route followed: another bank's message is none of its business.
      const tenantId =
        'only' in tenants ? { $in: [...tenants.only] } : { $nin: [...tenants.except] };
      const documents = await deliveries
        .find({ reference: shortReference, tenantId })
        .limit(20)
        .toArray();
      return documents.map(recordOf);
    },
  };
}
