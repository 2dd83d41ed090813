import { Counter, Gauge, type Registry } from 'prom-client';
import { systemClock, type Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import { startClockLoop, type ClockLoop } from './clock-loop.js';
import type { ServiceContext } from './run-service.js';
import type { ServiceSettings } from './service-settings.js';

/**
 * A durable "recorded, not yet carried through" state of a service: a plan claimed and not yet
 * published, an outbox event not yet sent, a dispatch claim whose owner may have died. Each is
 * written first so that a crash cannot lose it; this is what finishes it when the input that
 * caused it never comes again.
 */
export interface PendingStore<Item> {
  /** Records pending since before `before`, oldest first, at most `limit`. */
  stale(before: Date, limit: number): Promise<readonly Item[]>;
  /** When the oldest pending record was written (wall clock); undefined when there is none. */
  oldest(): Promise<Date | undefined>;
  /** Carries one record through; idempotent, since its original handler may finish it too. */
  recover(item: Item): Promise<void>;
}

export interface PendingRecoveryOptions<Item> {
  /** Names the store in logs and in the metrics' `store` label, e.g. `planner-plans`. */
  readonly name: string;
  readonly store: PendingStore<Item>;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Ages and rounds run on the wall clock: a crash is a real-time event, whatever the business clock. */
  readonly wallClock: Clock;
  /** Pause between rounds. */
  readonly intervalMs: number;
  /** How long a record may stay pending before it counts as left behind (its handler's time). */
  readonly graceMs: number;
  /** An oldest record older than this is logged at error level, once per `alertEveryMs`. */
  readonly alertAfterMs: number;
  readonly alertEveryMs?: number;
  readonly batchSize?: number;
}

export interface PendingRecovery {
  isHealthy(): boolean;
  stop(): Promise<void>;
}

const OLDEST_AGE = 'kindly_pending_oldest_age_seconds';
const RECOVERED = 'kindly_pending_recovered_total';
const FAILURES = 'kindly_pending_recovery_failures_total';

/**
 * The recovery metrics of a registry, created by the first store that asks: several services
 * hosted in one process (`kindly run all`) share one registry, and each name registers once.
 */
function pendingMetrics(registry: Registry) {
  const registers = [registry];
  const labelNames = ['store'] as const;
  return {
    oldestAge:
      (registry.getSingleMetric(OLDEST_AGE) as Gauge<'store'> | undefined) ??
      new Gauge({
        name: OLDEST_AGE,
        help: 'Age of the oldest record written and not yet carried through (0 when none)',
        labelNames,
        registers,
      }),
    recovered:
      (registry.getSingleMetric(RECOVERED) as Counter<'store'> | undefined) ??
      new Counter({
        name: RECOVERED,
        help: 'Records left behind (by a crash or an outage) that recovery carried through',
        labelNames,
        registers,
      }),
    failures:
      (registry.getSingleMetric(FAILURES) as Counter<'store'> | undefined) ??
      new Counter({
        name: FAILURES,
        help: 'Recovery attempts that failed and will be tried again',
        labelNames,
        registers,
      }),
  };
}

/**
 * Runs recovery over a pending store at start and then every `intervalMs`: finishes every record
 * older than the grace period, reports the oldest record's age as
 * `kindly_pending_oldest_age_seconds{store}`, and logs at error level, at most once per
 * `alertEveryMs`, while that age is over `alertAfterMs` (something keeps failing: an operator
 * should look). A record that fails ends the round (its cause, usually an outage, would fail the
 * rest too); it and the rest are tried again next round.
 */
export function startPendingRecovery<Item>(options: PendingRecoveryOptions<Item>): PendingRecovery {
  const { name, store, logger, wallClock } = options;
  const batchSize = options.batchSize ?? 200;
  const alertEveryMs = options.alertEveryMs ?? 60_000;
  const metrics = pendingMetrics(options.registry);
  let lastAlert = Number.NEGATIVE_INFINITY;
  const loop: ClockLoop = startClockLoop({
    name: `${name}-recovery`,
    clock: wallClock,
    logger,
    intervalMs: options.intervalMs,
    round: async (now) => {
      const items = await store.stale(new Date(now.toMillis() - options.graceMs), batchSize);
      let recovered = 0;
      let failed = false;
      for (const item of items) {
        try {
          await store.recover(item);
          recovered += 1;
        } catch (error) {
          // Most likely the broker or the database is away: one line, and the rest next round.
          failed = true;
          metrics.failures.inc({ store: name });
          logger.warn(
            { store: name, error: safeErrorText(error), left: items.length - recovered },
            'recovery stopped at a record that failed; the rest wait for the next round',
          );
          break;
        }
      }
      if (recovered > 0) {
        metrics.recovered.inc({ store: name }, recovered);
        logger.warn({ store: name, recovered }, 'records left behind were carried through');
      }
      const oldest = await store.oldest();
      const ageMs = oldest ? Math.max(0, wallClock.now().toMillis() - oldest.getTime()) : 0;
      metrics.oldestAge.set({ store: name }, ageMs / 1_000);
      if (ageMs > options.alertAfterMs && now.toMillis() - lastAlert >= alertEveryMs) {
        lastAlert = now.toMillis();
        logger.error(
          { store: name, oldestAgeSeconds: Math.round(ageMs / 1_000) },
          'records written but not carried through are growing old',
        );
      }
      return { full: items.length >= batchSize && !failed };
    },
  });
  return { isHealthy: () => loop.isHealthy(), stop: () => loop.stop() };
}

/**
 * {@link startPendingRecovery} with the service's RECOVERY_* settings, its logger and registry:
 * how each service's composition root starts the recovery of its pending store.
 */
export function startServiceRecovery<Item>(
  context: Pick<ServiceContext<ServiceSettings>, 'settings' | 'logger' | 'metrics'>,
  name: string,
  store: PendingStore<Item>,
  wallClock: Clock = systemClock,
): PendingRecovery {
  return startPendingRecovery({
    name,
    store,
    logger: context.logger,
    registry: context.metrics.registry,
    wallClock,
    intervalMs: context.settings.RECOVERY_INTERVAL_MS,
    graceMs: context.settings.RECOVERY_GRACE_MS,
    alertAfterMs: context.settings.RECOVERY_ALERT_AFTER_MS,
  });
}

/** One pending store as its recovery last reported it. */
export interface PendingStatus {
  readonly store: string;
  /** The oldest record not yet carried through, in seconds (0: none). */
  readonly oldestAgeSeconds: number;
  /** Records recovery carried through since the process started. */
  readonly recovered: number;
  /** Recovery attempts that failed (and will be tried again). */
  readonly failures: number;
}

/**
 * The recoveries' own figures from the metrics registry they report to: what a process hosting
 * the services (`kindly run all`) knows of their stuck records and their progress.
 */
export async function pendingStatusIn(registry: Registry): Promise<PendingStatus[]> {
  const values = async (name: string) => {
    const metric = registry.getSingleMetric(name);
    const byStore = new Map<string, number>();
    if (metric === undefined) return byStore;
    for (const value of (await metric.get()).values) {
      const store = value.labels['store'];
      if (typeof store === 'string') byStore.set(store, value.value);
    }
    return byStore;
  };
  const [ages, recovered, failures] = await Promise.all([
    values(OLDEST_AGE),
    values(RECOVERED),
    values(FAILURES),
  ]);
  return [...ages.keys()].sort().map((store) => ({
    store,
    oldestAgeSeconds: ages.get(store) ?? 0,
    recovered: recovered.get(store) ?? 0,
    failures: failures.get(store) ?? 0,
  }));
}
