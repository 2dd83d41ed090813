/**
 * The desk's replies: customers' own words the tracker stored as tasks, read and closed by an
 * agent through the operator API, each close recorded in the audit, no text in the logs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { recordingLogger } from '@kindly/http/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createReplyTaskStore, type ReplyTask } from '@kindly/tracker';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

const TEXT = '晚上6点后打给我，我已经还了一部分';

describe('the desk’s replies, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  const log = recordingLogger('operator');
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  const task: ReplyTask = {
    taskId: 'reply-0001',
    tenantId: 'bank-1',
    accountIds: ['acct-replies-1'],
    category: 'asks-for-call',
    text: TEXT,
    locale: 'zh-CN',
    inboundId: 'SM0123456789abcdef0123456789abcdef',
    maskedFrom: '•••0142',
    receivedAt: '2026-03-04T11:00:00Z',
    status: 'open',
  };

  async function call(method: string, path: string, role: 'agent' | 'marketing' = 'agent') {
    const response = await fetch(`${api.operator.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${api.keys[role].key}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-replies', eventTypes);
    api = await startOperatorService(ns, clock, { logger: log.logger });
    await createReplyTaskStore(ns.mongo.db).create(task);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await ns?.cleanup();
  });

  it('shows an agent the reply with its text, closes it once, and records the close', async () => {
    const open = await call('GET', '/v1/desk/replies');
    expect(open.status).toBe(200);
    expect(open.body['replies']).toEqual([{ ...task }]);
    expect((await call('GET', '/v1/desk/replies/reply-0001')).body).toMatchObject({ text: TEXT });
    expect((await call('GET', '/v1/desk/replies', 'marketing')).status).toBe(403);

    const closed = await call('POST', '/v1/desk/replies/reply-0001/close');
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closedAt: '2026-03-04T12:00:00Z' });
    expect((await call('POST', '/v1/desk/replies/reply-0001/close')).status).toBe(409);
    expect((await call('GET', '/v1/desk/replies')).body['replies']).toEqual([]);
    expect((await call('GET', '/v1/desk/replies?status=closed')).body['replies']).toHaveLength(1);

    const deadline = Date.now() + 30_000;
    const kept = async () =>
      ns.mongo.db
        .collection<{ type: string; body?: { payload: Record<string, unknown> } }>('audit-records')
        .find({ type: 'operator.action' })
        .toArray();
    while (!(await kept()).some((r) => r.body?.payload['action'] === 'reply.close')) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the audit');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const [record] = (await kept()).filter((r) => r.body?.payload['action'] === 'reply.close');
    expect(record?.body?.payload).toMatchObject({
      accountId: 'acct-replies-1',
      subject: { kind: 'task', id: 'reply-0001' },
    });
    expect(JSON.stringify(log.records())).not.toContain(TEXT);
  });
});
