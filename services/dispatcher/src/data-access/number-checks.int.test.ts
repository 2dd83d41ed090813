import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NumberCheck } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createNumberCheckRepository, NUMBER_CHECKS } from './number-checks.repository.js';

const PHONE = '+12125550147';
const check: NumberCheck = {
  database: 'fcc-rnd',
  answer: 'no',
  since: '2026-02-01',
  queryId: 'rnd-000001',
  askedAt: '2026-03-04T14:00:00Z',
};

describe('the reassigned-numbers answers kept per number', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('number-checks', []);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('keeps no number in the clear, and finds the answer by the number under the same key', async () => {
    const store = createNumberCheckRepository(ns.mongo.db, 'rnd-token-one-0001');
    await store.record(PHONE, check);
    expect(await store.latest(PHONE)).toEqual(check);
    const documents = await ns.mongo.db.collection(NUMBER_CHECKS).find({}).toArray();
    expect(documents).toHaveLength(1);
    expect(JSON.stringify(documents)).not.toContain(PHONE.slice(2));
    // Another key (a new token) knows no number: each is asked again.
    expect(
      await createNumberCheckRepository(ns.mongo.db, 'rnd-token-two-0002').latest(PHONE),
    ).toBeUndefined();
  });

  it('deletes answers past their keeping as new ones are recorded', async () => {
    let now = new Date('2026-03-04T14:00:00Z');
    const store = createNumberCheckRepository(ns.mongo.db, 'rnd-token-exp-0003', () => now);
    await store.record('+12125550148', check);
    now = new Date('2026-05-04T14:00:00Z'); // 61 days on, to the millisecond: kept
    await store.record('+12125550149', check);
    expect(await store.latest('+12125550148')).toEqual(check);
    now = new Date('2026-05-04T14:00:01Z');
    await store.record('+12125550150', check);
    expect(await store.latest('+12125550148')).toBeUndefined();
    expect(await store.latest('+12125550149')).toEqual(check);
  });
});
