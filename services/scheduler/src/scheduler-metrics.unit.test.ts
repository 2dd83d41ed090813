import { DateTime } from 'luxon';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { aNewYorkAccount, plannedEvent } from './testing/new-york-account.js';
import type { ClaimedMessage } from './domain/scheduled-message.js';
import { releasedEvent } from './domain/scheduler-events.js';
import { createSchedulerMetrics } from './scheduler-metrics.js';

const NOW = DateTime.fromISO('2026-03-04T14:00:00Z', { zone: 'utc' });

describe('the scheduler’s metrics', () => {
  it('counts a release once, and its publication again after a takeover apart', async () => {
    const registry = new Registry();
    const metrics = createSchedulerMetrics(registry, new ManualClock(NOW), () =>
      Promise.resolve({}),
    );
    const planned = plannedEvent(aNewYorkAccount(), NOW.toISO() ?? '');
    const message: ClaimedMessage = {
      tenantId: planned.tenantId,
      plan: planned.payload,
      plannedEventId: planned.eventId,
      correlationId: planned.correlationId,
      earliestSendAt: planned.payload.earliestSendAt,
      latestSendAt: planned.payload.latestSendAt,
      reslots: 0,
      claims: 1,
      takenOver: false,
      claimToken: 'first',
    };
    const verdict = { kind: 'release' as const, latestSendAt: planned.payload.latestSendAt };
    metrics.observe(message, verdict, NOW);
    // The claim died after recording; the round that took it over publishes the release again.
    const event = releasedEvent(message, verdict.latestSendAt, NOW);
    const takenOver: ClaimedMessage = {
      ...message,
      claims: 2,
      takenOver: true,
      claimToken: 'second',
      recorded: { kind: 'release', event },
    };
    metrics.observe(takenOver, verdict, NOW.plus({ seconds: 31 }));

    const value = async (name: string, labels: Record<string, string> = {}) => {
      const metric = registry.getSingleMetric(name);
      if (!metric) throw new Error(`no metric ${name}`);
      const { values } = await metric.get();
      return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
    };
    expect(await value('kindly_scheduler_released_total')).toBe(1);
    expect(await value('kindly_scheduler_release_lag_seconds', { le: '+Inf' })).toBe(1);
    expect(await value('kindly_scheduler_republished_total', { verdict: 'release' })).toBe(1);
    expect(await value('kindly_scheduler_takeovers_total')).toBe(1);
  });
});
