import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes, type OperatorRole } from '@kindly/contracts';
import { startDeskTaskSeeder, type DeskTaskSeeder } from '@kindly/escalation/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

// Wednesday 2026-03-04, 10:00 in New York, 23:00 in Shanghai; the Shanghai task is made a
// minute before, so it is the older one by its creation time, not by a tie.
const NOW = '2026-03-04T15:00:00Z';
const A_MINUTE_BEFORE = '2026-03-04T14:59:00Z';

interface Task {
  readonly taskId: string;
  readonly callable: boolean;
  readonly callableUntil?: string;
  readonly callsMade: number;
}

describe('the agent desk through the operator API, with tasks the escalation service made', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let seeder: DeskTaskSeeder;
  let later: string;
  let now: string;
  const clock = new ManualClock(DateTime.fromISO(A_MINUTE_BEFORE, { zone: 'utc' }));

  async function as(role: OperatorRole, method: string, path: string, body?: unknown) {
    const response = await fetch(`${api.operator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.keys[role].key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }
  async function callReports() {
    return (
      await ns.mongo.db
        .collection<{ type: string; body?: { payload: Record<string, unknown> } }>('audit-records')
        .find({ type: 'operator.action' })
        .toArray()
    )
      .map((r) => r.body?.payload ?? {})
      .filter((p) => p['action'] === 'call.report');
  }
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-desk', eventTypes);
    api = await startOperatorService(ns, clock);
    seeder = await startDeskTaskSeeder(ns, clock);
    // The older task first: a customer in Shanghai, where it is 22:59.
    later = await seeder.task({ accountId: 'ACC-DESK-SH', timeZone: 'Asia/Shanghai' });
    clock.set(DateTime.fromISO(NOW, { zone: 'utc' }));
    now = await seeder.task({ accountId: 'ACC-DESK-NY' });
  }, 180_000);

  afterAll(async () => {
    await seeder?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  it('lists the callable task first, and only it with ?callable=now', async () => {
    const all = await as('agent', 'GET', '/v1/desk/tasks');
    expect(all.status).toBe(200);
    const tasks = all.body['tasks'] as Task[];
    expect(tasks.map((t) => [t.taskId, t.callable])).toEqual([
      [now, true],
      [later, false],
    ]);
    expect(tasks[0]?.callableUntil).toBe('2026-03-05T02:00:00Z');

    const callable = await as('agent', 'GET', '/v1/desk/tasks?callable=now');
    expect((callable.body['tasks'] as Task[]).map((t) => t.taskId)).toEqual([now]);
    expect((await as('agent', 'GET', '/v1/desk/tasks?callable=soon')).status).toBe(400);
  });

  it('refuses a call on the task that is not callable: 23:00 in Shanghai (409 OUTSIDE_WINDOW)', async () => {
    const answer = await as('agent', 'POST', `/v1/desk/tasks/${later}/outcome`, {
      outcome: 'no-answer',
      at: NOW,
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(409);
    expect(answer.body['type']).toBe('urn:kindly:problem:call-refused');
    expect(answer.body['error']).toBe('OUTSIDE_WINDOW');
    expect((await as('agent', 'GET', `/v1/desk/tasks/${later}`)).body).toMatchObject({
      callsMade: 0,
      callable: false,
    });
  });

  it('takes a call’s outcome from an agent (201) and records it in the audit chain', async () => {
    const report = { outcome: 'no-answer', at: NOW };
    expect((await as('operator', 'POST', `/v1/desk/tasks/${now}/outcome`, report)).status).toBe(
      403,
    );
    const answer = await as('agent', 'POST', `/v1/desk/tasks/${now}/outcome`, report);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body['task']).toMatchObject({ taskId: now, status: 'open', callsMade: 1 });
    const callId = (answer.body['call'] as { callId: string }).callId;
    // The task shows the call and what came of it.
    const shown = await as('agent', 'GET', `/v1/desk/tasks/${now}`);
    expect(shown.body['calls']).toEqual([{ callId, at: NOW, outcome: 'no-answer', attempt: 1 }]);

    await until('the call.report chained', async () => (await callReports()).length === 1);
    expect((await callReports())[0]).toMatchObject({
      accountId: 'ACC-DESK-NY',
      action: 'call.report',
      subject: { kind: 'task', id: now },
      actor: { keyId: api.keys.agent.keyId, role: 'agent' },
      details: { callId, outcome: 'no-answer', calledAt: NOW },
      at: NOW,
    });
  });
});
