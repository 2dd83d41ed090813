import type { NumberCheck } from '@kindly/contracts';
import type { Db } from '@kindly/mongo';
import type { NumberCheckStore } from '../domain/ports.js';

export const NUMBER_CHECKS = 'dispatcher-number-checks';

/** The latest reassigned-numbers answer for one number (`_id`: the E.164 number). */
interface NumberCheckDocument extends NumberCheck {
  _id: string;
  updatedAt: Date;
}

/**
 * `dispatcher-number-checks`: one document per number with the latest answer. The audit keeps
 * every answer a message was sent or stopped on (on its outcome), so only the latest is kept
 * here. Of two replicas asking at once, the later answer stays; both are real answers.
 */
export function createNumberCheckRepository(db: Db): NumberCheckStore {
  const checks = db.collection<NumberCheckDocument>(NUMBER_CHECKS);
  return {
    async latest(phone) {
      const document = await checks.findOne({ _id: phone });
      if (!document) return undefined;
      return {
        database: document.database,
        answer: document.answer,
        since: document.since,
        queryId: document.queryId,
        askedAt: document.askedAt,
      };
    },
    async record(phone, check) {
      await checks.updateOne(
        { _id: phone },
        { $set: { ...check, updatedAt: new Date() } },
        { upsert: true },
      );
    },
  };
}
