import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createSoftBounceLog, TRACKER_SOFT_BOUNCES } from './soft-bounces.repository.js';

const ADDRESS = 'jane@example.com';
const SINCE = '2026-02-01T00:00:00Z';

describe('the soft bounces kept per address, on the real server', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('soft-bounces', []);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('counts the same report taken at two times once, and distinct attempts each', async () => {
    const log = createSoftBounceLog(ns.mongo.db, 'soft-bounce-key-0001');
    // The same DSN (attempt m-1/1) delivered twice, a minute apart: one bounce.
    expect(await log.record(ADDRESS, 'm-1/1', '2026-03-04T13:05:00.000Z', SINCE)).toBe(1);
    expect(await log.record(ADDRESS, 'm-1/1', '2026-03-04T13:06:00.000Z', SINCE)).toBe(1);
    expect(await log.record(ADDRESS.toUpperCase(), 'm-1/1', '2026-03-05T00:00:00Z', SINCE)).toBe(1);
    // Another attempt is another bounce.
    expect(await log.record(ADDRESS, 'm-1/2', '2026-03-06T00:00:00Z', SINCE)).toBe(2);
    const documents = await ns.mongo.db.collection(TRACKER_SOFT_BOUNCES).find({}).toArray();
    expect(documents).toHaveLength(1);
    expect(JSON.stringify(documents)).not.toContain('jane');
  });

  it('deletes an address whose newest bounce has left the window, as bounces are recorded', async () => {
    const log = createSoftBounceLog(ns.mongo.db, 'soft-bounce-key-0003');
    const window = (at: string) => new Date(Date.parse(at) - 30 * 86_400_000).toISOString();
    const first = '2026-03-01T00:00:00.000Z';
    await log.record('old@example.com', 'm-3/1', first, window(first));
    const count = () => ns.mongo.db.collection(TRACKER_SOFT_BOUNCES).countDocuments({});
    const before = await count();
    const stillIn = '2026-03-31T00:00:00.000Z'; // 30 days on: kept
    await log.record('other@example.com', 'm-4/1', stillIn, window(stillIn));
    expect(await count()).toBe(before + 1);
    const past = '2026-03-31T00:00:00.001Z';
    await log.record('third@example.com', 'm-5/1', past, window(past));
    // old@ is gone (its document counted nothing any more); the two newer ones stay.
    expect(await count()).toBe(before + 1);
    expect(await log.record('old@example.com', 'm-3/2', past, window(past))).toBe(1);
  });

  it('drops bounces older than the window', async () => {
    const log = createSoftBounceLog(ns.mongo.db, 'soft-bounce-key-0002');
    await log.record(ADDRESS, 'm-2/1', '2026-01-01T00:00:00Z', '2025-12-01T00:00:00Z');
    expect(await log.record(ADDRESS, 'm-2/2', '2026-03-04T00:00:00Z', SINCE)).toBe(1);
  });
});
