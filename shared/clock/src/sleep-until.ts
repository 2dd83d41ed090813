import { setTimeout as sleep } from 'node:timers/promises';
import type { DateTime } from 'luxon';
import type { Clock } from './clock.js';

// Node's timers overflow past 2^31 - 1 ms (about 24.8 days) and then fire at once.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Resolves once `clock.now()` has reached `instant`; at once if it already has.
 *
 * It sleeps for the time the clock says remains, then asks the clock again: a long wait is split
 * into timer-sized steps, a system clock that was stepped is followed, and with a `ManualClock`
 * it resolves at the first check after the test moved the clock far enough.
 *
 * @param signal aborts the wait; the promise then rejects with the signal's reason.
 */
export async function sleepUntil(
  clock: Clock,
  instant: DateTime,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  for (;;) {
    const remaining = instant.toMillis() - clock.now().toMillis();
    if (remaining <= 0) return;
    try {
      await sleep(Math.min(remaining, MAX_TIMER_MS), undefined, signal ? { signal } : {});
    } catch (error) {
      // Node rejects with its own AbortError; the caller's reason is what the caller expects.
      if (signal?.aborted) throw signal.reason;
      throw error;
    }
  }
}
