import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes, OPERATIONS_ACCOUNT, type OperatorRole } from '@kindly/contracts';
import { PROBLEM_JSON } from '@kindly/http';
import { recordingLogger } from '@kindly/http/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import { PERMISSIONS, type Permission } from './access/permissions.js';
import {
  ROLES,
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

const CAMPAIGN = readFileSync(
  new URL('../../campaigns/campaigns/instalment-plan-2027-spring.yaml', import.meta.url),
  'utf8',
);
const REPORT = {
  outcome: 'no-answer',
  at: '2026-03-04T13:00:00Z',
};

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly permission: Permission;
  /** The answer to a role that may: the route ran (an unknown id is its own 404). */
  readonly allowed: number;
}

/** Every route, with a request each role may make or not; none changes what the others read. */
const CALLS: readonly Call[] = [
  { method: 'GET', path: '/v1/me', permission: 'self:read', allowed: 200 },
  { method: 'GET', path: '/v1/keys', permission: 'keys:manage', allowed: 200 },
  // Refused by its body (no label): the role's check comes first, and nothing is made.
  {
    method: 'POST',
    path: '/v1/keys',
    body: { label: '', role: 'agent', reason: 'a test' },
    permission: 'keys:manage',
    allowed: 400,
  },
  {
    method: 'POST',
    path: '/v1/keys/zzzzzzzzzzzz/revoke',
    body: { reason: 'a test' },
    permission: 'keys:manage',
    allowed: 404,
  },
  {
    method: 'GET',
    path: '/v1/accounts/bank-1/ACC-1/timeline',
    permission: 'accounts:read',
    allowed: 200,
  },
  // A message the audit has no record of: the role's check comes first, nothing is recorded.
  {
    method: 'POST',
    path: '/v1/accounts/bank-1/ACC-1/messages/no-such/content',
    body: { reason: 'a test' },
    permission: 'accounts:content',
    allowed: 404,
  },
  { method: 'GET', path: '/v1/campaigns', permission: 'campaigns:read', allowed: 200 },
  { method: 'GET', path: '/v1/campaigns/no-such', permission: 'campaigns:read', allowed: 404 },
  {
    method: 'GET',
    path: '/v1/campaigns/no-such/report',
    permission: 'campaigns:read',
    allowed: 404,
  },
  {
    method: 'POST',
    path: '/v1/campaigns/validate',
    body: { source: CAMPAIGN },
    permission: 'campaigns:read',
    allowed: 200,
  },
  {
    method: 'POST',
    path: '/v1/campaigns/preview',
    body: { source: CAMPAIGN, samples: 0 },
    permission: 'campaigns:read',
    allowed: 200,
  },
  ...(['pause', 'resume', 'cancel'] as const).map((action): Call => ({
    method: 'POST',
    path: `/v1/campaigns/no-such/${action}`,
    body: { reason: 'a test' },
    permission: 'campaigns:run',
    allowed: 404,
  })),
  { method: 'GET', path: '/v1/dashboard?days=7', permission: 'dashboard:read', allowed: 200 },
  {
    method: 'POST',
    path: '/v1/accounts/bank-1/ACC-1/notes',
    body: { note: 'a test note' },
    permission: 'accounts:act',
    allowed: 201,
  },
  {
    method: 'POST',
    path: '/v1/accounts/bank-1/ACC-1/flags',
    body: { set: [], cleared: [], reason: 'nothing' },
    permission: 'accounts:act',
    allowed: 400,
  },
  {
    method: 'POST',
    path: '/v1/accounts/bank-1/ACC-1/consent',
    body: { channel: 'sms', reason: 'incomplete' },
    permission: 'accounts:act',
    allowed: 400,
  },
  {
    method: 'POST',
    path: '/v1/campaigns',
    body: { source: 'campaignId: not-a-whole-campaign', reason: 'a test' },
    permission: 'campaigns:run',
    allowed: 422,
  },
  { method: 'GET', path: '/v1/dead-letters', permission: 'dead-letters:manage', allowed: 200 },
  {
    method: 'GET',
    path: '/v1/dead-letters/summary',
    permission: 'dead-letters:manage',
    allowed: 200,
  },
  {
    method: 'POST',
    path: '/v1/dead-letters/replay',
    body: { ids: ['no-such'], reason: 'a test' },
    permission: 'dead-letters:manage',
    allowed: 200,
  },
  { method: 'GET', path: '/v1/recovery', permission: 'dead-letters:manage', allowed: 200 },
  { method: 'GET', path: '/v1/audit/records?limit=5', permission: 'audit:read', allowed: 200 },
  {
    method: 'POST',
    path: '/v1/audit/export',
    body: { format: 'jsonl', accountId: 'none', reason: 'a test' },
    permission: 'audit:read',
    allowed: 200,
  },
  {
    method: 'POST',
    path: '/v1/audit/search',
    body: { address: '+8613800000000' },
    permission: 'audit:read',
    allowed: 200,
  },
  { method: 'POST', path: '/v1/audit/verify', permission: 'audit:read', allowed: 200 },
  { method: 'GET', path: '/v1/audit/violations', permission: 'audit:read', allowed: 200 },
  { method: 'GET', path: '/v1/rules', permission: 'rules:read', allowed: 200 },
  { method: 'GET', path: '/v1/rules/in-force/policy', permission: 'rules:read', allowed: 200 },
  {
    method: 'POST',
    path: '/v1/rules/validate',
    body: { kind: 'strategy', text: 'strategyId: not-a-whole-strategy' },
    permission: 'rules:read',
    allowed: 422,
  },
  { method: 'GET', path: '/v1/rules/proposals', permission: 'rules:read', allowed: 200 },
  {
    method: 'GET',
    path: '/v1/rules/proposals/rp-0000000000000000',
    permission: 'rules:read',
    allowed: 404,
  },
  {
    method: 'POST',
    path: '/v1/rules/proposals/rp-0000000000000000/preview',
    permission: 'rules:read',
    allowed: 404,
  },
  {
    method: 'POST',
    path: '/v1/rules/proposals',
    body: { kind: 'strategy', text: 'strategyId: not-a-whole-strategy', reason: 'a test' },
    permission: 'rules:propose',
    allowed: 422,
  },
  {
    method: 'POST',
    path: '/v1/rules/proposals/rp-0000000000000000/approve',
    body: { reason: 'a test' },
    permission: 'rules:approve',
    allowed: 404,
  },
  {
    method: 'POST',
    path: '/v1/rules/proposals/rp-0000000000000000/reject',
    body: { reason: 'a test' },
    permission: 'rules:approve',
    allowed: 404,
  },
  { method: 'GET', path: '/v1/desk/tasks', permission: 'desk:work', allowed: 200 },
  { method: 'GET', path: '/v1/desk/tasks/no-such', permission: 'desk:work', allowed: 404 },
  {
    method: 'POST',
    path: '/v1/desk/tasks/no-such/outcome',
    body: REPORT,
    permission: 'desk:work',
    allowed: 404,
  },
  { method: 'GET', path: '/v1/desk/replies', permission: 'desk:work', allowed: 200 },
  { method: 'GET', path: '/v1/desk/replies/no-such', permission: 'desk:work', allowed: 404 },
  {
    method: 'POST',
    path: '/v1/desk/replies/no-such/close',
    permission: 'desk:work',
    allowed: 404,
  },
];

describe('the operator API, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const log = recordingLogger('operator');
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  async function call(
    method: string,
    path: string,
    options: { key?: string; body?: unknown } = {},
  ): Promise<{ status: number; type: string; body: Record<string, unknown> }> {
    const response = await fetch(`${api.operator.url}${path}`, {
      method,
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    };
  }
  const as = (role: OperatorRole, method: string, path: string, body?: unknown) =>
    call(method, path, { key: api.keys[role].key, ...(body !== undefined ? { body } : {}) });

  /** The audit's records of operator actions, as its chain keeps them. */
  async function actionsKept(): Promise<Record<string, unknown>[]> {
    const records = await ns.mongo.db
      .collection<{ type: string; body?: { payload: Record<string, unknown> } }>('audit-records')
      .find({ type: 'operator.action' })
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
    ns = await provisionTestNamespace('operator', eventTypes);
    api = await startOperatorService(ns, clock, { logger: log.logger });
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('walks every operation of the OpenAPI document (a new route needs its row above)', () => {
    const document = JSON.parse(
      readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'),
    ) as { paths: Record<string, Record<string, unknown>> };
    const missing = Object.entries(document.paths).flatMap(([template, operations]) => {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/?]+')}(\\?.*)?$`);
      return Object.keys(operations)
        .map((method) => method.toUpperCase())
        .filter((method) => !CALLS.some((c) => c.method === method && pattern.test(c.path)))
        .map((method) => `${method} ${template}`);
    });
    expect(missing).toEqual([]);
  });

  it.each(ROLES)('lets the %s role do what it may, and answers 403 for the rest', async (role) => {
    for (const each of CALLS) {
      const answer = await as(role, each.method, each.path, each.body);
      const may = (PERMISSIONS[each.permission] as readonly OperatorRole[]).includes(role);
      expect(answer.status, `${role} ${each.method} ${each.path}`).toBe(may ? each.allowed : 403);
      if (!may) {
        expect(answer.type).toContain(PROBLEM_JSON);
        expect(answer.body).toMatchObject({ type: 'urn:kindly:problem:forbidden', status: 403 });
      }
    }
  });

  it('answers every route without a live key with 401 and a problem', async () => {
    const forged = `${api.keys.admin.key.slice(0, -4)}AAAA`;
    for (const each of CALLS) {
      for (const key of [undefined, 'not-a-key', forged]) {
        const answer = await call(each.method, each.path, {
          ...(key !== undefined ? { key } : {}),
          ...(each.method === 'POST' ? { body: { unread: 'x'.repeat(10) } } : {}),
        });
        expect(answer.status, `${each.method} ${each.path}`).toBe(401);
        expect(answer.type).toContain(PROBLEM_JSON);
      }
    }
  });

  it('refuses a bad body with the fields at fault, never quoting the caller’s text', async () => {
    const answer = await as('admin', 'POST', '/v1/keys', {
      label: '',
      role: 'superuser',
      reason: 'x',
      'secret-field-name': 1,
    });
    expect(answer.status).toBe(400);
    expect(answer.type).toContain(PROBLEM_JSON);
    const fields = answer.body['fields'] as { field: string; message: string }[];
    expect(fields.map((f) => f.field)).toEqual(expect.arrayContaining(['body.label', 'body.role']));
    expect(JSON.stringify(answer.body)).not.toContain('secret-field-name');
    expect(JSON.stringify(answer.body)).not.toContain('superuser');
  });

  it('records an admin’s key creation and revocation in the audit; a revoked key is refused', async () => {
    const created = await as('admin', 'POST', '/v1/keys', {
      label: 'Retention desk, Shanghai',
      role: 'marketing',
      reason: 'a new team member',
    });
    expect(created.status).toBe(201);
    const key = String(created.body['key']);
    const keyId = String(created.body['keyId']);
    expect((await call('GET', '/v1/me', { key })).body).toMatchObject({ keyId, role: 'marketing' });
    const listed = await as('admin', 'GET', '/v1/keys');
    expect(JSON.stringify(listed.body)).not.toContain(key.slice(-43));
    expect(JSON.stringify(listed.body)).not.toContain('secretHash');
    const revoked = await as('admin', 'POST', `/v1/keys/${keyId}/revoke`, { reason: 'left' });
    expect(revoked.status).toBe(200);
    expect((await call('GET', '/v1/me', { key })).status).toBe(401);
    // The role walk before wrote actions of its own: wait for these two by name.
    await until('both actions in the audit', async () => {
      const kept = await actionsKept();
      const subject = (p: Record<string, unknown>) => (p['subject'] as { id?: string }).id;
      return ['key.create', 'key.revoke'].every((action) =>
        kept.some((p) => p['action'] === action && subject(p) === keyId),
      );
    });
    const kept = await actionsKept();
    const admin = api.keys.admin.keyId;
    expect(kept).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          accountId: OPERATIONS_ACCOUNT,
          action: 'key.create',
          actor: { keyId: admin, label: 'admin team', role: 'admin' },
          subject: { kind: 'key', id: keyId },
          reason: 'a new team member',
        }),
        expect.objectContaining({ action: 'key.revoke', subject: { kind: 'key', id: keyId } }),
      ]),
    );
  });

  it('lets marketing validate, preview, launch, pause, resume and cancel, each write in the audit', async () => {
    const bad = await as('marketing', 'POST', '/v1/campaigns/validate', {
      source: CAMPAIGN.replace('attributionWindowDays: 30', 'attributionWindowDays: -1'),
    });
    expect(bad.status).toBe(422);
    expect((bad.body['problems'] as string[]).join('\n')).toMatch(/attributionWindowDays/);
    const preview = await as('marketing', 'POST', '/v1/campaigns/preview', {
      source: CAMPAIGN,
      samples: 1,
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ campaignId: 'instalment-plan-2027-spring' });
    const launched = await as('marketing', 'POST', '/v1/campaigns', {
      source: CAMPAIGN,
      reason: 'spring offer, approved by the retention committee',
    });
    expect(launched.status).toBe(201);
    expect(launched.body).toMatchObject({ campaignId: 'instalment-plan-2027-spring' });
    const again = await as('admin', 'POST', '/v1/campaigns', { source: CAMPAIGN, reason: 'twice' });
    expect(again.status).toBe(409);
    const path = '/v1/campaigns/instalment-plan-2027-spring';
    for (const action of ['pause', 'resume', 'cancel']) {
      const answer = await as('marketing', 'POST', `${path}/${action}`, {
        reason: `test ${action}`,
      });
      expect(answer.status, action).toBe(200);
    }
    expect((await as('marketing', 'POST', `${path}/resume`, { reason: 'x' })).status).toBe(409);
    const status = await as('operator', 'GET', path);
    expect(status.body).toMatchObject({ status: 'cancelled' });
    expect((status.body['actions'] as { by: string }[]).map((a) => a.by)).toContain(
      api.keys.marketing.keyId,
    );
    await until(
      'four campaign actions in the audit',
      async () =>
        (await actionsKept()).filter((a) => String(a['action']).startsWith('campaign.')).length >=
        4,
    );
    const kept = (await actionsKept()).filter((a) => String(a['action']).startsWith('campaign.'));
    expect(kept.map((a) => a['action']).sort()).toEqual([
      'campaign.cancel',
      'campaign.launch',
      'campaign.pause',
      'campaign.resume',
    ]);
    for (const action of kept) {
      expect(action).toMatchObject({
        actor: { keyId: api.keys.marketing.keyId, role: 'marketing' },
        subject: { kind: 'campaign', id: 'instalment-plan-2027-spring' },
      });
    }
  });

  it('serves its OpenAPI document without a key, and logs no key, label or body', async () => {
    const document = await call('GET', '/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body).toMatchObject({ openapi: '3.1.0' });
    const lines = JSON.stringify(log.records());
    for (const role of ROLES) expect(lines).not.toContain(api.keys[role].key.slice(-43));
    expect(lines).not.toContain('Retention desk');
    expect(lines).not.toContain('retention committee');
  });
});
