import { describe, expect, it } from 'vitest';
import type { ReassignedNumberReply } from '../domain/ports.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { guardedNumberDatabase, RND_CIRCUIT_OPEN } from './guarded-number-database.js';

/** A database that answers from a script, and counts the queries that reached it. */
function scripted(replies: ReassignedNumberReply[]) {
  const asked: string[] = [];
  return {
    asked,
    database: {
      name: 'fcc-rnd',
      ask: async ({ phone }: { phone: string; since: string }) => {
        asked.push(phone);
        return replies.shift() ?? { ok: true as const, answer: 'no' as const, queryId: 'Q-9' };
      },
    },
  };
}

const query = { phone: '+12025550143', since: '2026-01-02' };
/** What the metrics were told: each answer, and each query held back. */
const told: string[] = [];
const seen = {
  answered: (provider: string, outcome: string) => void told.push(`${provider} ${outcome}`),
  skipped: (provider: string) => void told.push(`${provider} skipped`),
};
const down = { ok: false, code: 'RND_HTTP_503' } as const;

describe('the reassigned-numbers database behind a breaker', () => {
  it('stops asking a database that keeps failing, and asks it again after the pause', async () => {
    told.length = 0;
    let at = 0;
    const { asked, database } = scripted([down, { ok: false, code: 'RND_TIMEOUT' }]);
    const guarded = guardedNumberDatabase(database, new CircuitBreaker(2, 1_000), seen, () => at);
    expect(await guarded.ask(query)).toEqual(down);
    expect(await guarded.ask(query)).toEqual({ ok: false, code: 'RND_TIMEOUT' });
    // Open: no query reaches it, and the text hears at once that there is no answer.
    expect(await guarded.ask(query)).toEqual({ ok: false, code: RND_CIRCUIT_OPEN });
    expect(asked).toHaveLength(2);
    at = 1_000;
    expect(await guarded.ask(query)).toEqual({ ok: true, answer: 'no', queryId: 'Q-9' });
    expect(await guarded.ask(query)).toMatchObject({ ok: true });
    expect(asked).toHaveLength(4);
    expect(guarded.name).toBe('fcc-rnd');
    expect(told).toEqual([
      'fcc-rnd RND_HTTP_503',
      'fcc-rnd RND_TIMEOUT',
      'fcc-rnd skipped',
      'fcc-rnd ok',
      'fcc-rnd ok',
    ]);
  });

  it('does not count a refused query (a 4xx) against the database', async () => {
    const refused = { ok: false, code: 'RND_HTTP_400' } as const;
    const { asked, database } = scripted([down, refused, down, refused]);
    const guarded = guardedNumberDatabase(database, new CircuitBreaker(2, 1_000), seen, () => 0);
    for (let i = 0; i < 4; i++) await guarded.ask(query);
    expect(await guarded.ask(query)).toMatchObject({ ok: true });
    expect(asked).toHaveLength(5);
  });

  it('counts a throw against the database, and passes it on', async () => {
    const guarded = guardedNumberDatabase(
      {
        name: 'fcc-rnd',
        ask: () => Promise.reject(new Error('bug')),
      },
      new CircuitBreaker(1, 1_000),
      seen,
      () => 0,
    );
    await expect(guarded.ask(query)).rejects.toThrow('bug');
    expect(await guarded.ask(query)).toEqual({ ok: false, code: RND_CIRCUIT_OPEN });
  });

  it('counts a number it could not ask about neither way, and frees a trial for the next query', async () => {
    let at = 0;
    const notNanp = { ok: false, code: 'RND_NOT_NANP' } as const;
    const { asked, database } = scripted([down, notNanp]);
    const breaker = new CircuitBreaker(1, 1_000);
    const guarded = guardedNumberDatabase(database, breaker, seen, () => at);
    await guarded.ask(query);
    expect(breaker.state(at)).toBe('open');
    at = 1_000;
    expect(await guarded.ask(query)).toEqual(notNanp);
    // Still untested: the next query is the trial, and its answer closes the breaker.
    expect(breaker.state(at)).toBe('half-open');
    expect(await guarded.ask(query)).toMatchObject({ ok: true });
    expect(breaker.state(at)).toBe('closed');
    expect(asked).toHaveLength(3);
  });
});
