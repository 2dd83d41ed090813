import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import type { DueRound } from '../domain/check-due.use-case.js';

export interface TimerLoopOptions {
  readonly clock: Clock;
  readonly round: (now: ReturnType<Clock['now']>) => Promise<DueRound>;
  /** The pause between rounds when nothing more is due. */
  readonly intervalMs: number;
  /** A full round means more is due: go on at once. */
  readonly batchSize: number;
  readonly logger: Logger;
}

export interface TimerLoop {
  /** True while rounds run without failing. */
  isHealthy(): boolean;
  stop(): Promise<void>;
}

/**
 * The escalation service's other entry point: the passage of time. Each round asks the clock for
 * `now` (the system clock in production, a manual one in tests and the demo: the same path) and
 * decides every wait that has ended. A failing round is logged and tried again after the pause;
 * nothing it did half is lost, because every step is idempotent.
 */
export function startTimerLoop(options: TimerLoopOptions): TimerLoop {
  const controller = new AbortController();
  let healthy = true;
  const run = async () => {
    while (!controller.signal.aborted) {
      let full = false;
      try {
        const round = await options.round(options.clock.now());
        healthy = true;
        full = round.checked >= options.batchSize;
        if (round.escalated > 0)
          options.logger.info({ escalated: round.escalated }, 'waits escalated');
      } catch (error) {
        healthy = false;
        options.logger.error({ error: safeErrorText(error) }, 'timer round failed');
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
