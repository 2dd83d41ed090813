import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { Clock } from '@kindly/clock';
import type { ClaimedMessage, ReleaseVerdict } from './domain/scheduled-message.js';
import type { DateTime } from 'luxon';

// Seconds late against the window's start: from "on time" to a day's catch-up.
const LAG_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3_600, 21_600, 86_400];

export interface SchedulerMetrics {
  observe(message: ClaimedMessage, verdict: ReleaseVerdict, now: DateTime): void;
}

/**
 * `kindly_scheduler_messages{state}` (waiting, due, claimed, unreadable: counted when scraped),
 * `kindly_scheduler_released_total`, `kindly_scheduler_cancelled_total{reason}` (each verdict
 * once, when recorded), `kindly_scheduler_republished_total{verdict}` (a recorded verdict
 * published again by the round that took its claim over), `kindly_scheduler_deferred_total{reason}`,
 * `kindly_scheduler_takeovers_total` and `kindly_scheduler_release_lag_seconds` (release time
 * minus the window's start, on the scheduler's clock, so a simulated day reads as a day; for
 * the first release only).
 */
export function createSchedulerMetrics(
  registry: Registry,
  clock: Clock,
  count: (now: Date) => Promise<Readonly<Record<string, number>>>,
): SchedulerMetrics {
  const registers = [registry];
  new Gauge({
    name: 'kindly_scheduler_messages',
    help: 'Planned messages in the waiting room, by state (due: waiting and past their start; unreadable: claimed, with a recorded verdict this version cannot read)',
    labelNames: ['state'] as const,
    registers,
    async collect() {
      const counts = await count(clock.now().toJSDate());
      for (const [state, value] of Object.entries(counts)) this.set({ state }, value);
    },
  });
  const released = new Counter({
    name: 'kindly_scheduler_released_total',
    help: 'Messages released after the last look',
    registers,
  });
  const cancelled = new Counter({
    name: 'kindly_scheduler_cancelled_total',
    help: 'Messages the last look cancelled, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const deferred = new Counter({
    name: 'kindly_scheduler_deferred_total',
    help: 'Due messages the last look sent back to wait, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const takeovers = new Counter({
    name: 'kindly_scheduler_takeovers_total',
    help: 'Claims taken over after another replica’s lease ran out',
    registers,
  });
  const republished = new Counter({
    name: 'kindly_scheduler_republished_total',
    help: 'Recorded verdicts published again after their claim was taken over, by verdict',
    labelNames: ['verdict'] as const,
    registers,
  });
  const lag = new Histogram({
    name: 'kindly_scheduler_release_lag_seconds',
    help: 'How long after its window opened a message was released',
    buckets: LAG_BUCKETS,
    registers,
  });
  return {
    observe(message, verdict, now) {
      if (message.takenOver) takeovers.inc();
      if (message.recorded) {
        // Counted as released or cancelled, with its lag, when the first claim recorded it.
        republished.inc({ verdict: verdict.kind });
        return;
      }
      switch (verdict.kind) {
        case 'release':
          released.inc();
          lag.observe(Math.max(0, now.toMillis() - Date.parse(message.earliestSendAt)) / 1_000);
          break;
        case 'cancel':
          cancelled.inc({ reason: verdict.reason });
          break;
        case 'defer':
          deferred.inc({ reason: verdict.reason });
          break;
      }
    },
  };
}
