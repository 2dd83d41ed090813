import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import {
  startOperatorService,
  type OperatorUnderTest,
} from './testing/operator-service.fixture.js';

describe('dead letters through the operator API, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let producer: Producer;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const PERSONAL = '+8613800138000 Wei Li';

  async function as(method: string, path: string, body?: unknown) {
    const response = await fetch(`${api.operator.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.keys.operator.key}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, text, body: JSON.parse(text) as Record<string, unknown> };
  }
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const listed = async () =>
    ((await as('GET', '/v1/dead-letters?topic=account.overdue.v1')).body['deadLetters'] ?? []) as {
      id: string;
      reason: string;
      replayedAt?: string;
    }[];

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-dlq', eventTypes);
    api = await startOperatorService(ns, clock);
    producer = createProducer(
      createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'dlq-test' }),
    );
    await producer.connect();
  }, 120_000);

  afterAll(async () => {
    await producer?.disconnect();
    await api?.stop();
    await ns?.cleanup();
  });

  it('lists a record the audit could not read, by topic and reason, and replays it after a fix', async () => {
    // Not JSON, with personal data in it: the audit (which reads every topic) dead-letters it.
    await producer.send({
      topic: `${ns.prefix}account.overdue.v1`,
      messages: [{ key: 'ACC-9', value: `{"payload": "${PERSONAL}"` }],
    });
    await until('the dead letter listed', async () => (await listed()).length === 1);
    const [letter] = await listed();
    expect(letter).toMatchObject({ reason: 'MALFORMED_JSON' });
    const page = await as('GET', '/v1/dead-letters');
    expect(page.text).not.toContain('13800138000');
    expect(page.text).not.toContain('Wei Li');
    const summary = await as('GET', '/v1/dead-letters/summary');
    expect(summary.body['counts']).toEqual([
      { topic: 'account.overdue.v1', reason: 'MALFORMED_JSON', waiting: 1, replayed: 0 },
    ]);

    const replay = await as('POST', '/v1/dead-letters/replay', {
      topic: 'account.overdue.v1',
      failureReason: 'MALFORMED_JSON',
      reason: 'the bank fixed its exporter',
    });
    expect(replay.body).toMatchObject({ replayed: 1, ids: [letter!.id] });
    // The replay is in the operations chain: who, which topic, why, how many.
    const replays = async () =>
      (
        await ns.mongo.db
          .collection<{ type: string; body?: { payload: Record<string, unknown> } }>(
            'audit-records',
          )
          .find({ type: 'operator.action' })
          .toArray()
      )
        .map((r) => r.body?.payload ?? {})
        .filter((p) => p['action'] === 'dead-letter.replay');
    await until('the replay kept', async () => (await replays()).length === 1);
    expect((await replays())[0]).toMatchObject({
      accountId: '~operations',
      actor: { keyId: api.keys.operator.keyId, role: 'operator' },
      subject: { kind: 'dead-letter', id: 'account.overdue.v1' },
      reason: 'the bank fixed its exporter (1 replayed)',
      at: '2026-03-04T12:00:00Z',
    });
    // Replayed as it was: still not JSON, so the audit dead-letters it again, as a new letter.
    await until('the replayed record handled again', async () => (await listed()).length === 2);
    const again = await listed();
    expect(again.find((l) => l.id === letter!.id)?.replayedAt).toBeDefined();
    expect(again.filter((l) => l.replayedAt === undefined)).toHaveLength(1);
    // A second replay of the same letter replays nothing.
    const twice = await as('POST', '/v1/dead-letters/replay', {
      ids: [letter!.id],
      reason: 'again',
    });
    expect(twice.body).toMatchObject({ replayed: 0 });
  });
});
