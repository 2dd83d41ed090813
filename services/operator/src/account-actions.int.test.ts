import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

describe('an operator’s actions on an account, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const account = '/v1/accounts/bank-1/ACC-77';

  async function post(role: 'operator' | 'marketing', path: string, body: unknown) {
    const response = await fetch(`${api.operator.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.keys[role].key}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function kept(type: string) {
    const records = await ns.mongo.db
      .collection<{ type: string; accountId: string; body?: { payload: Record<string, unknown> } }>(
        'audit-records',
      )
      .find({ type, accountId: 'ACC-77' })
      .toArray();
    return records.map((r) => r.body?.payload ?? {});
  }
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-acts', eventTypes);
    api = await startOperatorService(ns, clock);
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('sets a flag that stops contact as an account.status event, both in the account’s chain', async () => {
    const answer = await post('operator', `${account}/flags`, {
      set: ['cease-communication'],
      reference: 'CASE-2026-0042',
      reason: 'the customer asked in writing that we stop',
    });
    expect(answer.status).toBe(201);
    await until(
      'the status and the action kept',
      async () =>
        (await kept('account.status')).length === 1 && (await kept('operator.action')).length === 1,
    );
    expect((await kept('account.status'))[0]).toMatchObject({
      accountId: 'ACC-77',
      set: ['cease-communication'],
      cleared: [],
      reference: 'CASE-2026-0042',
      effectiveAt: '2026-03-04T12:00:00Z',
    });
    expect((await kept('operator.action'))[0]).toMatchObject({
      action: 'account.flags',
      actor: { keyId: api.keys.operator.keyId, role: 'operator' },
      reason: 'the customer asked in writing that we stop',
    });
  });

  it('records a consent withdrawn by phone as a contact.consent event', async () => {
    const answer = await post('operator', `${account}/consent`, {
      channel: 'sms',
      address: '+8613800138000',
      purpose: 'marketing',
      status: 'revoked',
      basis: 'customer-request',
      source: 'phone-call',
      at: '2026-03-04T11:58:00Z',
      reason: 'the customer said on the phone: no more offers',
    });
    expect(answer.status).toBe(201);
    await until('the consent kept', async () => (await kept('contact.consent')).length === 1);
    const consent = (await kept('contact.consent'))[0];
    expect(consent).toMatchObject({ channel: 'sms', status: 'revoked', source: 'phone-call' });
    // The audit keeps the number as a keyed hash, never as it came.
    expect(JSON.stringify(consent)).not.toContain('13800138000');
    // And the operator's act beside it: who, when, why.
    const consentActions = async () =>
      (await kept('operator.action')).filter((a) => a['action'] === 'account.consent');
    await until('the consent action kept', async () => (await consentActions()).length === 1);
    expect((await consentActions())[0]).toMatchObject({
      accountId: 'ACC-77',
      actor: { keyId: api.keys.operator.keyId, role: 'operator' },
      subject: { kind: 'account', id: 'ACC-77' },
      reason: 'the customer said on the phone: no more offers',
      at: '2026-03-04T12:00:00Z',
    });
  });

  it('leaves a note, kept in the account’s chain as the action’s reason', async () => {
    const answer = await post('operator', `${account}/notes`, {
      note: 'the customer will call back after payday',
    });
    expect(answer.status).toBe(201);
    const notes = async () =>
      (await kept('operator.action')).filter((a) => a['action'] === 'account.note');
    await until('the note kept', async () => (await notes()).length === 1);
    expect((await notes())[0]).toMatchObject({
      accountId: 'ACC-77',
      actor: { keyId: api.keys.operator.keyId, role: 'operator' },
      subject: { kind: 'account', id: 'ACC-77' },
      reason: 'the customer will call back after payday',
      at: '2026-03-04T12:00:00Z',
    });
  });

  it('refuses a consent dated in the future, from a source that makes its own events, or on the operations chain', async () => {
    const consent = {
      channel: 'sms',
      address: '+8613800138000',
      purpose: 'marketing',
      status: 'granted',
      basis: 'customer-request',
      source: 'phone-call',
      at: '2026-03-04T11:58:00Z',
      reason: 'test',
    };
    // A grant dated next week would replace a STOP now and count only from next week.
    const future = await post('operator', `${account}/consent`, {
      ...consent,
      at: '2026-03-11T12:00:00Z',
    });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('body.at');
    const asTheTracker = await post('operator', `${account}/consent`, {
      ...consent,
      source: 'sms-reply',
    });
    expect(asTheTracker.status).toBe(400);
    const operations = await post('operator', '/v1/accounts/~operations/~operations/notes', {
      note: 'x',
    });
    expect(operations.status).toBe(400);
    expect(await kept('contact.consent')).toHaveLength(1); // the one recorded above, only
  });

  it('refuses marketing (403), and a flag change that changes nothing (400)', async () => {
    expect((await post('marketing', `${account}/notes`, { note: 'x' })).status).toBe(403);
    const nothing = await post('operator', `${account}/flags`, { reason: 'nothing' });
    expect(nothing.status).toBe(400);
  });

  it('shows what happened on the dashboard and the account’s timeline', async () => {
    const response = await fetch(`${api.operator.url}${account}/timeline`, {
      headers: { authorization: `Bearer ${api.keys.operator.key}` },
    });
    const timeline = (await response.json()) as { entries: { type: string }[] };
    expect(timeline.entries.map((e) => e.type)).toEqual(
      expect.arrayContaining(['account.status', 'contact.consent', 'operator.action']),
    );
    const dashboard = await fetch(`${api.operator.url}/v1/dashboard?days=7`, {
      headers: { authorization: `Bearer ${api.keys.operator.key}` },
    });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.json()).toMatchObject({ funnel: { byChannel: [] } });
  });
});
