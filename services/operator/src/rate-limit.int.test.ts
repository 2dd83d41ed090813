import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { PROBLEM_JSON } from '@kindly/http';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

describe('the operator API’s rate limit, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const me = (key: string) =>
    fetch(`${api.operator.url}/v1/me`, { headers: { authorization: `Bearer ${key}` } });

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-limit', eventTypes);
    api = await startOperatorService(ns, clock, { env: { OPERATOR_RATE_LIMIT_PER_MINUTE: '3' } });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('answers a key over its limit with 429, a problem and retry-after; another key is not held up', async () => {
    for (let i = 0; i < 3; i++) expect((await me(api.keys.operator.key)).status).toBe(200);
    const over = await me(api.keys.operator.key);
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await over.json()).toMatchObject({ type: 'urn:kindly:problem:too-many-requests' });
    expect((await me(api.keys.auditor.key)).status).toBe(200);
  });
});
