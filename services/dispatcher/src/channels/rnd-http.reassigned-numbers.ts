/**
 * The FCC Reassigned Numbers Database over HTTP: one query per number, `POST <base>/v1/queries`
 * with a bearer token and `{ tn, date }` (the ten-digit North American number; the date the
 * caller last knew it to be the consumer's, `YYYY-MM-DD`), answered with the query's id and
 * `result` `yes` (permanently disconnected since that date), `no` or `no_data`. Every answer is
 * validated; anything else (an HTTP error, a timeout, a body of another shape) is no answer, and
 * is named by a code of ours, never by the body's text.
 */
import { Reference } from '@kindly/contracts';
import { z } from 'zod';
import type { ReassignedNumberReply, ReassignedNumbersDatabase } from '../domain/ports.js';

const RndAnswer = z.object({
  queryId: Reference,
  result: z.enum(['yes', 'no', 'no_data']),
});

export interface RndHttpOptions {
  readonly baseUrl: string;
  readonly token: string;
  readonly timeoutMs: number;
}

export function createRndHttpDatabase(options: RndHttpOptions): ReassignedNumbersDatabase {
  const endpoint = new URL(
    'v1/queries',
    options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
  );
  return {
    name: 'fcc-rnd',
    async ask({ phone, since }): Promise<ReassignedNumberReply> {
      // The RND knows North American numbers by their ten digits.
      if (!/^\+1\d{10}$/.test(phone)) return { ok: false, code: 'RND_NOT_NANP' };
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.token}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
          body: JSON.stringify({ tn: phone.slice(2), date: since }),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        const timedOut = error instanceof Error && error.name === 'TimeoutError';
        return { ok: false, code: timedOut ? 'RND_TIMEOUT' : 'RND_UNREACHABLE' };
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { ok: false, code: `RND_HTTP_${response.status}` };
      }
      const parsed = RndAnswer.safeParse(await response.json().catch(() => undefined));
      if (!parsed.success) return { ok: false, code: 'RND_BAD_ANSWER' };
      return {
        ok: true,
        answer: parsed.data.result === 'no_data' ? 'no-data' : parsed.data.result,
        queryId: parsed.data.queryId,
      };
    },
  };
}
