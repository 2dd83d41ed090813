import { setTimeout as sleep } from 'node:timers/promises';
import type { DateTime } from 'luxon';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import { createOutageLog, type Logger } from '@kindly/logger';

export interface ClockLoopOptions {
  /** Names the loop in logs. */
  readonly name: string;
  readonly clock: Clock;
  /** One round at `now`; `full` when it stopped at its batch size, so more is due at once. */
  readonly round: (now: DateTime) => Promise<{ readonly full: boolean }>;
  /** The pause between rounds when nothing more is due. */
  readonly intervalMs: number;
  readonly logger: Logger;
  /**
   * Wall-clock milliseconds, for how long rounds have been failing (`Date.now`): not `clock`,
   * which the demo and tests move by hand.
   */
  readonly wallClock?: () => number;
  /**
   * After a `nudge`, how long to wait for more before the round runs, so that a burst of work
   * arriving together (a batch of plans accepted) is taken by one round, not one round each.
   */
  readonly nudgeDelayMs?: number;
}

export interface ClockLoop {
  /** True while rounds run without failing. */
  isHealthy(): boolean;
  /**
   * Work may be due now (a plan accepted for release at once): run a round soon instead of at
   * the end of the pause. During a round, the next one follows it without the pause.
   */
  nudge(): void;
  stop(): Promise<void>;
}

/**
 * A service's entry point for the passage of time (the scheduler's releases, the escalation
 * service's waits): each round asks the clock for `now` — the system clock in production, a
 * manual one in tests and the demo, the same path — and rests only when a round was not full. A
 * failing round (MongoDB or Kafka away) is tried again after the pause; the work is idempotent,
 * so nothing a failed round did by half is lost. Failures are logged as an outage: the first,
 * then one line every 30 s while rounds keep failing, then one when a round succeeds again.
 */
export function startClockLoop(options: ClockLoopOptions): ClockLoop {
  const controller = new AbortController();
  const failures = createOutageLog({
    logger: options.logger.child({ loop: options.name }),
    messages: {
      down: 'round failed',
      stillDown: 'rounds still failing',
      up: 'rounds succeed again',
    },
    now: options.wallClock ?? Date.now,
  });
  let healthy = true;
  const nudgeDelayMs = options.nudgeDelayMs ?? 20;
  // The pause in progress, ended early by a nudge; `nudged` remembers one that came mid-round.
  let pause: AbortController | undefined;
  let nudged = false;
  const rest = async (ms: number) => {
    pause = new AbortController();
    const signal = AbortSignal.any([controller.signal, pause.signal]);
    await sleep(ms, undefined, { signal }).catch(() => {});
    pause = undefined;
  };
  const run = async () => {
    while (!controller.signal.aborted) {
      nudged = false;
      let full = false;
      try {
        full = (await options.round(options.clock.now())).full;
        healthy = true;
        failures.succeeded();
      } catch (error) {
        healthy = false;
        failures.failed({ error: safeErrorText(error) });
      }
      if (full) continue;
      // A failing round (the server away) is retried after the whole pause, nudged or not.
      if (nudged && healthy) await rest(nudgeDelayMs);
      else await rest(options.intervalMs);
    }
  };
  const running = run();
  return {
    isHealthy: () => healthy,
    nudge() {
      if (nudged) return;
      nudged = true;
      // Sleeping the whole pause: cut it to the short wait for the rest of the burst (not the
      // pause after a failed round: the server is away, and the work will still be there).
      if (pause && !pause.signal.aborted && healthy) {
        const current = pause;
        setTimeout(() => current.abort(), nudgeDelayMs).unref();
      }
    },
    async stop() {
      controller.abort();
      await running;
    },
  };
}
