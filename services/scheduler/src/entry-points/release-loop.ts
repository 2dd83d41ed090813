import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import type { ReleaseRound } from '../domain/release-due.use-case.js';

export interface ReleaseLoopOptions {
  readonly clock: Clock;
  readonly round: (now: ReturnType<Clock['now']>) => Promise<ReleaseRound>;
  /** The pause between rounds when nothing more is due. */
  readonly intervalMs: number;
  /** A full round means more is due: go on at once. */
  readonly batchSize: number;
  readonly logger: Logger;
}

export interface ReleaseLoop {
  /** True while rounds run without failing. */
  isHealthy(): boolean;
  stop(): Promise<void>;
}

/**
 * The scheduler's other entry point besides Kafka: the passage of time. It asks the clock for
 * `now` each round (the system clock in production, a manual one in tests and the demo: the same
 * path), releases what is due, and rests only when a round found less than a full batch. A failing
 * round (MongoDB or Kafka away) is logged and tried again after the pause; claims it held expire
 * and are taken over, so nothing waits on it.
 */
export function startReleaseLoop(options: ReleaseLoopOptions): ReleaseLoop {
  const controller = new AbortController();
  let healthy = true;
  const run = async () => {
    while (!controller.signal.aborted) {
      let full = false;
      try {
        const round = await options.round(options.clock.now());
        healthy = true;
        full = round.claimed >= options.batchSize;
        if (round.lostClaims > 0) {
          options.logger.warn(
            { lostClaims: round.lostClaims },
            'claims taken over by another replica',
          );
        }
      } catch (error) {
        healthy = false;
        options.logger.error({ error: safeErrorText(error) }, 'release round failed');
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
