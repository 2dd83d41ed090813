import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { PaymentClicks } from '../domain/ports.js';

/**
 * The messages whose payment link was followed (`_id`: the message id), each once: the first
 * click, its outcome's event id and instant, and whether that event is still to be confirmed
 * published. Read and written by `_id`.
 */
export const TRACKER_PAYMENT_CLICKS = 'tracker-payment-clicks';

interface ClickDocument {
  _id: string;
  eventId: string;
  at: string;
  pending: boolean;
}

export function createPaymentClicks(db: Db): PaymentClicks {
  const clicks = db.collection<ClickDocument>(TRACKER_PAYMENT_CLICKS);
  return {
    async claim(messageId, eventId, at) {
      try {
        // The unique `_id` makes the first click win, however many come at once.
        await clicks.insertOne({ _id: messageId, eventId, at, pending: true });
        return { first: true, pending: true, at };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const first = await clicks.findOne({ _id: messageId });
      if (!first) throw new Error(`the click of ${messageId} vanished while being recorded`);
      return { first: false, pending: first.pending, at: first.at };
    },
    async markPublished(messageId, eventId) {
      await clicks.updateOne({ _id: messageId, eventId }, { $set: { pending: false } });
    },
  };
}
