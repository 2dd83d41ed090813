import { describe, expect, it } from 'vitest';
import { systemClock } from '@kindly/clock';
import { createLogger } from '@kindly/logger';
import { startClockLoop } from './clock-loop.js';

describe('startClockLoop', () => {
  it('logs failing rounds as an outage: the first, every 30 s while they fail, and the recovery', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: 'scheduler',
      level: 'info',
      destination: {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    let wallClock = 0;
    let rounds = 0;
    let recovered = () => {};
    const done = new Promise<void>((resolve) => (recovered = resolve));
    const loop = startClockLoop({
      name: 'releases',
      clock: systemClock,
      logger,
      intervalMs: 1,
      wallClock: () => wallClock,
      round: async () => {
        rounds++;
        wallClock += 1_000; // each failing round one second after the last
        if (rounds <= 100) throw new Error('MongoDB away: connect ECONNREFUSED');
        if (rounds === 105) recovered();
        return { full: false };
      },
    });
    await done;
    await loop.stop();
    expect(lines.map((line) => [line['level'], line['msg'], line['loop']])).toEqual([
      ['error', 'round failed', 'releases'],
      ['error', 'rounds still failing', 'releases'],
      ['error', 'rounds still failing', 'releases'],
      ['error', 'rounds still failing', 'releases'],
      ['info', 'rounds succeed again', 'releases'],
    ]);
    expect(lines[0]?.['error']).toBe('MongoDB away: connect ECONNREFUSED');
    expect(lines[3]).toMatchObject({ downForSeconds: 90, failures: 91 });
    expect(lines[4]).toMatchObject({ downForSeconds: 100, failures: 100 });
    expect(loop.isHealthy()).toBe(true);
  });

  it('runs a round soon after a nudge instead of at the end of its pause, once for a burst', async () => {
    const logger = createLogger({ service: 'scheduler', level: 'silent' });
    let rounds = 0;
    let second = () => {};
    const secondRound = new Promise<void>((resolve) => (second = resolve));
    const loop = startClockLoop({
      name: 'releases',
      clock: systemClock,
      logger,
      // A pause far longer than the test's timeout: only a nudge can bring the second round.
      intervalMs: 600_000,
      nudgeDelayMs: 5,
      round: () => {
        rounds++;
        if (rounds === 2) second();
        return Promise.resolve({ full: false });
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(rounds).toBe(1);
    for (let i = 0; i < 10; i++) loop.nudge();
    await secondRound;
    await new Promise((r) => setTimeout(r, 50));
    await loop.stop();
    // Ten nudges in a burst: one round.
    expect(rounds).toBe(2);
  });

  it('keeps its whole pause after a failed round, nudged or not', async () => {
    const logger = createLogger({ service: 'scheduler', level: 'silent' });
    let rounds = 0;
    const loop = startClockLoop({
      name: 'releases',
      clock: systemClock,
      logger,
      intervalMs: 600_000,
      nudgeDelayMs: 5,
      round: () => {
        rounds++;
        return Promise.reject(new Error('MongoDB away'));
      },
    });
    await new Promise((r) => setTimeout(r, 20));
    loop.nudge();
    await new Promise((r) => setTimeout(r, 100));
    await loop.stop();
    // The failed first round's pause was not cut short: a nudge does not hammer a server away.
    expect(rounds).toBe(1);
    expect(loop.isHealthy()).toBe(false);
  });
});
