import type { EventOf } from '@kindly/contracts';
import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { PaymentClicks } from '../domain/ports.js';

/**
 * The messages whose payment link was followed (`_id`: the message id), each once: the first
 * click, its outcome event and instant, and, while that event is not confirmed published, when
 * it was recorded on the wall clock (`pendingSince`, what the recovery sweep looks for). Read and
 * written by `_id`; the sweep reads by `pendingSince`.
 */
export const TRACKER_PAYMENT_CLICKS = 'tracker-payment-clicks';

interface ClickDocument {
  _id: string;
  eventId: string;
  at: string;
  pending: boolean;
  /** The event as first recorded: the sweep publishes it as it is. */
  event: EventOf<'delivery.outcome'>;
  pendingSince?: Date;
}

export function createPaymentClicks(db: Db, now: () => Date = () => new Date()): PaymentClicks {
  const clicks = db.collection<ClickDocument>(TRACKER_PAYMENT_CLICKS);
  return {
    async claim(event) {
      const { messageId, at } = event.payload;
      try {
        // The unique `_id` makes the first click win, however many come at once.
        await clicks.insertOne({
          _id: messageId,
          eventId: event.eventId,
          at,
          pending: true,
          event,
          pendingSince: now(),
        });
        return { first: true, pending: true, at };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const first = await clicks.findOne({ _id: messageId });
      if (!first) throw new Error(`the click of ${messageId} vanished while being recorded`);
      return { first: false, pending: first.pending, at: first.at };
    },
    async markPublished(messageId, eventId) {
      await clicks.updateOne(
        { _id: messageId, eventId },
        { $set: { pending: false }, $unset: { pendingSince: '' } },
      );
    },
    async pendingBefore(before, limit) {
      const documents = await clicks
        .find({ pendingSince: { $lt: before } })
        .sort({ pendingSince: 1 })
        .limit(limit)
        .toArray();
      return documents.flatMap((d) => (d.pending ? [d.event] : []));
    },
    async oldestPending() {
      const [oldest] = await clicks
        .find({ pendingSince: { $exists: true } }, { projection: { pendingSince: 1 } })
        .sort({ pendingSince: 1 })
        .limit(1)
        .toArray();
      return oldest?.pendingSince;
    },
  };
}
