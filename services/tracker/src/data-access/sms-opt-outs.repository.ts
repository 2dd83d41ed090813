import { createHmac } from 'node:crypto';
import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { SmsOptOutRegistry } from '../domain/ports.js';

/**
 * The numbers that opted out by reply, so that each opt-out is confirmed once. Keyed by a keyed
 * hash of the number, not the number: this collection needs to recognise a number, never to
 * list them.
 */
export const TRACKER_SMS_OPT_OUTS = 'tracker-sms-opt-outs';

interface OptOutDocument {
  _id: string;
  optedOut: boolean;
  /** The inbound message that opted out, so that the provider's retry of it is recognised. */
  inboundId: string;
  at: string;
}

export function createSmsOptOutRegistry(db: Db, key: string): SmsOptOutRegistry {
  const optOuts = db.collection<OptOutDocument>(TRACKER_SMS_OPT_OUTS);
  const idOf = (number: string, tenantId: string | undefined) =>
    createHmac('sha256', key)
      .update(
        tenantId === undefined ? `sms-opt-out\n${number}` : `sms-opt-out\n${tenantId}\n${number}`,
      )
      .digest('base64url');
  return {
    async optOut(number, inboundId, at, tenantId) {
      const _id = idOf(number, tenantId);
      try {
        await optOuts.insertOne({ _id, optedOut: true, inboundId, at });
        return true;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const { modifiedCount } = await optOuts.updateOne(
        { _id, optedOut: false },
        { $set: { optedOut: true, inboundId, at } },
      );
      if (modifiedCount === 1) return true;
      const current = await optOuts.findOne({ _id });
      return current?.inboundId === inboundId;
    },
    async optIn(number, at, tenantId) {
      await optOuts.updateOne({ _id: idOf(number, tenantId) }, { $set: { optedOut: false, at } });
    },
  };
}
