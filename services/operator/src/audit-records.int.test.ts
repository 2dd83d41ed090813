import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

describe('the audit’s records through the operator API, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  const call = (role: 'operator' | 'auditor', method: string, path: string, body?: unknown) =>
    fetch(`${api.operator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.keys[role].key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const found = async (query: string) =>
    (await (await call('auditor', 'GET', `/v1/audit/records?${query}`)).json()) as {
      records: { accountId: string; body?: { type: string; payload: Record<string, unknown> } }[];
      more: boolean;
    };

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-audit', eventTypes);
    api = await startOperatorService(ns, clock);
    // Two flag changes on two accounts, made through the API: events the audit keeps.
    for (const account of ['ACC-1', 'ACC-2']) {
      const answer = await call('operator', 'POST', `/v1/accounts/bank-1/${account}/flags`, {
        set: ['legal-hold'],
        reason: 'litigation hold from the legal team',
      });
      expect(answer.status).toBe(201);
    }
    await until(
      'both accounts kept',
      async () => (await found('type=account.status')).records.length === 2,
    );
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('finds the kept records by account and type, and says when there are more', async () => {
    const one = await found('accountId=ACC-1&type=account.status');
    expect(one.records).toHaveLength(1);
    expect(one.records[0]?.body?.payload).toMatchObject({ set: ['legal-hold'] });
    const capped = await found('type=account.status&limit=1');
    expect(capped).toMatchObject({ more: true });
    expect((await call('operator', 'GET', '/v1/audit/records')).status).toBe(403);
  });

  it('exports them as CSV for a spreadsheet, and records who took them out and why', async () => {
    const answer = await call('auditor', 'POST', '/v1/audit/export', {
      format: 'csv',
      type: 'account.status',
      reason: 'examination 2026-Q1',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    const bytes = Buffer.from(await answer.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark Excel wants
    const text = bytes.subarray(3).toString('utf8');
    expect(text.trim().split('\n')).toHaveLength(3); // the header and the two records
    await until('the export in the audit', async () => {
      const actions = await found('type=operator.action&accountId=~operations');
      return actions.records.some((r) => r.body?.payload['action'] === 'audit.export');
    });
    const exported = (await found('type=operator.action&accountId=~operations')).records.find(
      (r) => r.body?.payload['action'] === 'audit.export',
    );
    expect(exported?.body?.payload).toMatchObject({
      reason: 'examination 2026-Q1',
      details: { type: 'account.status' },
    });
    const lines = await (
      await call('auditor', 'POST', '/v1/audit/export', {
        format: 'jsonl',
        accountId: 'ACC-2',
        reason: 'x',
      })
    ).text();
    const kept = lines
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { accountId: string });
    expect(kept.every((r) => r.accountId === 'ACC-2')).toBe(true);
    // The reason is free text: no GET that would carry it in a URL (access logs, proxies).
    expect(
      (await call('auditor', 'GET', '/v1/audit/export?format=csv&reason=examination')).status,
    ).toBe(405);
  });
});
