import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { ManualClock } from './manual-clock.js';
import { sleepUntil } from './sleep-until.js';

const start = DateTime.fromISO('2025-03-09T06:30:00Z');

describe('sleepUntil', () => {
  it('resolves at once for an instant that has passed', async () => {
    const clock = new ManualClock(start);
    await expect(sleepUntil(clock, start.minus({ days: 1 }))).resolves.toBeUndefined();
    await expect(sleepUntil(clock, start)).resolves.toBeUndefined();
  });

  it('waits on the system clock until the instant', async () => {
    const until = systemClock.now().plus({ milliseconds: 30 });
    await sleepUntil(systemClock, until);
    expect(systemClock.now() >= until).toBe(true);
  });

  it('resolves once a manual clock was moved past the instant', async () => {
    const clock = new ManualClock(start);
    let done = false;
    const waiting = sleepUntil(clock, start.plus({ milliseconds: 20 })).then(() => {
      done = true;
    });
    // Real time passes but the manual clock stands still: still waiting.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(done).toBe(false);
    clock.advance({ milliseconds: 20 });
    await waiting;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    const waiting = sleepUntil(
      systemClock,
      systemClock.now().plus({ hours: 1 }),
      controller.signal,
    );
    const reason = new Error('shutting down');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    await expect(
      sleepUntil(systemClock, systemClock.now().plus({ hours: 1 }), controller.signal),
    ).rejects.toBe(reason);
  });

  it('waits in timer-sized steps beyond 24.8 days', async () => {
    const manual = new ManualClock(start);
    let reads = 0;
    const clock = {
      now: () => {
        reads++;
        return manual.now();
      },
    };
    const controller = new AbortController();
    const waiting = sleepUntil(clock, start.plus({ days: 60 }), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort(new Error('enough'));
    await expect(waiting).rejects.toThrow('enough');
    // An overflowing delay fires after 1 ms, every time: the clock would be read ~30 times.
    expect(reads).toBe(1);
  });
});
