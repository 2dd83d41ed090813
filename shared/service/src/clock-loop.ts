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
}

export interface ClockLoop {
  /** True while rounds run without failing. */
  isHealthy(): boolean;
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
  const run = async () => {
    while (!controller.signal.aborted) {
      let full = false;
      try {
        full = (await options.round(options.clock.now())).full;
        healthy = true;
        failures.succeeded();
      } catch (error) {
        healthy = false;
        failures.failed({ error: safeErrorText(error) });
      }
      if (!full) {
        await sleep(options.intervalMs, undefined, { signal: controller.signal }).catch(() => {});
      }
    }
  };
  const running = run();
  return {
    isHealthy: () => healthy,
    async stop() {
      controller.abort();
      await running;
    },
  };
}
