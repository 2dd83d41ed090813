import { setTimeout as sleep } from 'node:timers/promises';
import { DateTime } from 'luxon';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { createLogger } from '@kindly/logger';
import { pendingStatusIn, startPendingRecovery, type PendingStore } from './pending-recovery.js';

interface Pending {
  readonly id: string;
  readonly since: Date;
}

/** A pending store over an array: the port the recovery drives, with one record that fails. */
function storeOf(records: Pending[], failing: ReadonlySet<string>) {
  const recovered: string[] = [];
  const store: PendingStore<Pending> = {
    stale: (before, limit) =>
      Promise.resolve(
        records
          .filter((r) => r.since < before)
          .sort((a, b) => a.since.getTime() - b.since.getTime())
          .slice(0, limit),
      ),
    oldest: () =>
      Promise.resolve(
        records.reduce<Date | undefined>((o, r) => (!o || r.since < o ? r.since : o), undefined),
      ),
    recover: (item) => {
      if (failing.has(item.id)) return Promise.reject(new Error('broker away'));
      recovered.push(item.id);
      records.splice(records.indexOf(item), 1);
      return Promise.resolve();
    },
  };
  return { store, recovered };
}

function capturedLogger() {
  type Line = { level: string; msg: string; store?: string; oldestAgeSeconds?: number };
  const lines: Line[] = [];
  const logger = createLogger({
    service: 'test',
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Line) },
  });
  return { logger, lines };
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(10);
  expect(check()).toBe(true);
}

describe('startPendingRecovery', () => {
  const now = DateTime.fromISO('2026-03-01T12:00:00Z');
  const ago = (seconds: number) => new Date(now.toMillis() - seconds * 1_000);

  it('carries through what is older than the grace period at start, stops the round at a failure, leaves the young, and reports the oldest age', async () => {
    const records = [
      { id: 'old', since: ago(600) },
      { id: 'stuck', since: ago(300) },
      { id: 'later', since: ago(120) },
      { id: 'young', since: ago(2) },
    ];
    const { store, recovered } = storeOf(records, new Set(['stuck']));
    const registry = new Registry();
    const { logger, lines } = capturedLogger();
    const recovery = startPendingRecovery({
      name: 'planner-plans',
      store,
      logger,
      registry,
      wallClock: new ManualClock(now),
      intervalMs: 60_000,
      graceMs: 30_000,
      alertAfterMs: 200_000,
    });
    await until(() => lines.some((l) => l.msg.includes('growing old')));
    await recovery.stop();

    expect(recovered).toEqual(['old']);
    expect(records.map((r) => r.id).sort()).toEqual(['later', 'stuck', 'young']);
    const age = await registry.getSingleMetricAsString('kindly_pending_oldest_age_seconds');
    expect(age).toContain('kindly_pending_oldest_age_seconds{store="planner-plans"} 300');
    const alert = lines.find((l) => l.msg.includes('growing old'));
    expect(alert).toMatchObject({ level: 'error', store: 'planner-plans', oldestAgeSeconds: 300 });
    // One line for the failure, not one per record behind it.
    expect(lines.filter((l) => l.msg.includes('recovery stopped at a record'))).toHaveLength(1);
    // The operator API's reading of the same figures.
    expect(await pendingStatusIn(registry)).toEqual([
      { store: 'planner-plans', oldestAgeSeconds: 300, recovered: 1, failures: 1 },
    ]);
  });

  it('logs the alert once per alert interval, not every round', async () => {
    const records = [{ id: 'stuck', since: ago(600) }];
    const { store } = storeOf(records, new Set(['stuck']));
    const { logger, lines } = capturedLogger();
    let rounds = 0;
    const counting: PendingStore<Pending> = {
      ...store,
      stale: (before, limit) => {
        rounds += 1;
        return store.stale(before, limit);
      },
    };
    const recovery = startPendingRecovery({
      name: 'escalation-outbox',
      store: counting,
      logger,
      registry: new Registry(),
      wallClock: new ManualClock(now),
      intervalMs: 10,
      graceMs: 1_000,
      alertAfterMs: 60_000,
      alertEveryMs: 60_000,
    });
    await until(() => rounds >= 5);
    await recovery.stop();
    expect(lines.filter((l) => l.msg.includes('growing old'))).toHaveLength(1);
  });

  it('shares one set of metrics between stores of one registry', async () => {
    const registry = new Registry();
    const { logger } = capturedLogger();
    const options = {
      logger,
      registry,
      wallClock: new ManualClock(now),
      intervalMs: 60_000,
      graceMs: 1_000,
      alertAfterMs: 60_000,
    };
    const a = startPendingRecovery({ ...options, name: 'a', store: storeOf([], new Set()).store });
    const b = startPendingRecovery({ ...options, name: 'b', store: storeOf([], new Set()).store });
    await sleep(20);
    await Promise.all([a.stop(), b.stop()]);
    const text = await registry.getSingleMetricAsString('kindly_pending_oldest_age_seconds');
    expect(text).toContain('store="a"');
    expect(text).toContain('store="b"');
  });
});
