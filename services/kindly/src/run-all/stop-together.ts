import type { StartedService } from '@kindly/service';

/**
 * Stops every hosted service at once. Each one's stop waits for its consumer's fetch in flight
 * and for leaving its group; one after the other those waits added up (six services, 26 s from
 * SIGTERM to exit). The services share only the process's connections, which the caller closes
 * after this resolves. Every service is asked to stop even when another's stop fails.
 */
export async function stopTogether(services: readonly StartedService[]): Promise<void> {
  const results = await Promise.allSettled(services.map((service) => service.stop()));
  const failures = results.flatMap((result) =>
    result.status === 'rejected' ? [result.reason as unknown] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) {
    throw new AggregateError(failures, `${failures.length} services failed to stop`);
  }
}
