import { createHmac } from 'node:crypto';
import type { NumberCheck } from '@kindly/contracts';
import type { Db } from '@kindly/mongo';
import type { NumberCheckStore } from '../domain/ports.js';

export const NUMBER_CHECKS = 'dispatcher-number-checks';

/**
 * How long an answer is kept: past the longest period a policy may give it (recheckAfterDays is
 * at most 60), so no answer still in use is forgotten. Wall time, as the deletes run on it.
 */
const KEEP_MS = 61 * 86_400_000;

/** The latest reassigned-numbers answer for one number (`_id`: a keyed hash of the number). */
interface NumberCheckDocument extends NumberCheck {
  _id: string;
  updatedAt: Date;
  /** When the answer is deleted (no TTL index on the Mongo-wire server: see MONGODB-SUBSET.md). */
  expiresAt: Date;
}

/**
 * `dispatcher-number-checks`: one document per number with the latest answer. The audit keeps
 * every answer a message was sent or stopped on (on its outcome), so only the latest is kept
 * here. Of two replicas asking at once, the later answer stays; both are real answers.
 *
 * Keyed by an HMAC of the number, never the number, as the tracker keys its opt-outs and soft
 * bounces: this collection needs to recognise a number, never to list them. The key is the
 * database's token (`RND_API_TOKEN`), the one secret the dispatcher has wherever it keeps
 * answers; a new token makes every number unknown here, so each is asked again (no harm: the
 * answers are a cache of the database's). Answers past {@link KEEP_MS} are deleted as new ones
 * are recorded (a range delete on the indexed `expiresAt`).
 */
export function createNumberCheckRepository(
  db: Db,
  key: string,
  now: () => Date = () => new Date(),
): NumberCheckStore {
  const checks = db.collection<NumberCheckDocument>(NUMBER_CHECKS);
  const idOf = (phone: string) =>
    createHmac('sha256', key).update(`number-check\n${phone}`).digest('base64url');
  return {
    async latest(phone) {
      const document = await checks.findOne({ _id: idOf(phone) });
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
      const at = now();
      await checks.updateOne(
        { _id: idOf(phone) },
        {
          $set: {
            database: check.database,
            answer: check.answer,
            since: check.since,
            queryId: check.queryId,
            askedAt: check.askedAt,
            updatedAt: at,
            expiresAt: new Date(at.getTime() + KEEP_MS),
          },
        },
        { upsert: true },
      );
      await checks.deleteMany({ expiresAt: { $lt: at } });
    },
  };
}
