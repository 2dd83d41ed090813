import { stopWithin, type StartedService } from '@kindly/service';
import type { Logger } from '@kindly/logger';

export interface StopTogetherOptions {
  /** Told, every `slowAfterMs`, which services are still stopping: where a hang is. */
  readonly onSlow?: (stillStopping: readonly string[]) => void;
  readonly slowAfterMs?: number;
}

/**
 * Stops every hosted service at once. Each one's stop waits for its consumer's fetch in flight
 * and for leaving its group; one after the other those waits added up (six services, 26 s from
 * SIGTERM to exit). The services share only the process's connections, which the caller closes
 * after this resolves. Every service is asked to stop even when another's stop fails.
 */
export async function stopTogether(
  services: readonly (readonly [name: string, service: StartedService])[],
  options: StopTogetherOptions = {},
): Promise<void> {
  const stopping = new Set(services.map(([name]) => name));
  const { onSlow } = options;
  const slowTimer = onSlow
    ? setInterval(() => onSlow([...stopping]), options.slowAfterMs ?? 10_000)
    : undefined;
  slowTimer?.unref();
  try {
    const results = await Promise.allSettled(
      services.map(async ([name, service]) => {
        try {
          await service.stop();
        } finally {
          stopping.delete(name);
        }
      }),
    );
    const failures = results.flatMap((result) =>
      result.status === 'rejected' ? [result.reason as unknown] : [],
    );
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AggregateError(failures, `${failures.length} services failed to stop`);
    }
  } finally {
    clearInterval(slowTimer);
  }
}

/**
 * {@link stopTogether} under a deadline, for the services that did start when another's start
 * failed: past `timeoutMs` it logs the services it still waits for and exits with 1 (a service
 * still joining its group held such a stop for over a minute in a fault run).
 */
export async function stopTogetherWithin(
  services: readonly (readonly [name: string, service: StartedService])[],
  timeoutMs: number,
  logger: Pick<Logger, 'error'>,
  options: StopTogetherOptions = {},
): Promise<void> {
  const stopping = new Set(services.map(([name]) => name));
  const tracked = services.map(([name, service]): [string, StartedService] => [
    name,
    {
      isReady: () => service.isReady(),
      stop: () => service.stop().finally(() => stopping.delete(name)),
    },
  ]);
  await stopWithin(
    () => stopTogether(tracked, options),
    timeoutMs,
    logger,
    () => [...stopping].join(', '),
  );
}
