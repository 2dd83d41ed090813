/**
 * The reassigned-numbers database behind a circuit breaker, as each provider is: while it keeps
 * failing (no answer, 5xx, 429, a body of another shape), a text that needs its answer is told at
 * once that there is none (`RND_CIRCUIT_OPEN`) instead of after a provider timeout per text, which
 * would hold up every send behind it. What the policy does without an answer (`onError`: stop or
 * send) is the same either way; after the pause one query tries it again.
 */
import type { ReassignedNumbersDatabase } from '../domain/ports.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { GuardObserver } from './guarded-sender.js';

export const RND_CIRCUIT_OPEN = 'RND_CIRCUIT_OPEN';
const RND_NOT_NANP = 'RND_NOT_NANP';

export function guardedNumberDatabase(
  database: ReassignedNumbersDatabase,
  breaker: CircuitBreaker,
  /** The providers' metrics: its answers and the queries its breaker held back, by its name. */
  observer: GuardObserver,
  now: () => number = Date.now,
): ReassignedNumbersDatabase {
  return {
    name: database.name,
    async ask(query) {
      if (!breaker.tryAcquire(now())) {
        observer.skipped(database.name);
        return { ok: false, code: RND_CIRCUIT_OPEN };
      }
      let reply;
      try {
        reply = await database.ask(query);
      } catch (error) {
        breaker.failed(now(), true);
        throw error;
      }
      observer.answered(database.name, reply.ok ? 'ok' : reply.code);
      if (reply.ok) breaker.succeeded();
      // Not asked at all (not a North American number): nothing learnt of the database.
      else if (reply.code === RND_NOT_NANP) breaker.release();
      else breaker.failed(now(), isDatabaseFault(reply.code));
      return reply;
    },
  };
}

/** A failure that says the database is down, not that this query was refused (a 4xx). */
function isDatabaseFault(code: string): boolean {
  return (
    ['RND_TIMEOUT', 'RND_UNREACHABLE', 'RND_BAD_ANSWER', 'RND_HTTP_429'].includes(code) ||
    /^RND_HTTP_5\d\d$/.test(code)
  );
}
