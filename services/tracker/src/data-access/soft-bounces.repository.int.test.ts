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

  it('drops bounces older than the window', async () => {
    const log = createSoftBounceLog(ns.mongo.db, 'soft-bounce-key-0002');
    await log.record(ADDRESS, 'm-2/1', '2026-01-01T00:00:00Z', '2025-12-01T00:00:00Z');
    expect(await log.record(ADDRESS, 'm-2/2', '2026-03-04T00:00:00Z', SINCE)).toBe(1);
  });
});
