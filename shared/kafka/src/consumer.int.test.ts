import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import { AppError } from '@kindly/errors';
import { testInfra } from '@kindly/testing';
import { createKafka } from './kafka-client.js';
import { ack, skip, type MessageContext } from './handler.js';
import { startConsumer, type RunningConsumer } from './consumer.js';
import { createEventPublisher, createProducer } from './producer.js';
import { Header, headerText } from './headers.js';
import { ensureTopics, deleteTopics } from './topic-provisioning.js';
import { retryTopicOf } from '@kindly/contracts';
import { aProbeEvent, ProbeEvent } from './testing/probe-event.js';

const infra = testInfra();
const fastRetry = {
  inPlaceAttempts: 3,
  inPlaceBackoffMs: 20,
  retryTopicDelaysMs: [300],
  jitter: 0,
};

interface DeadLetter {
  reason: string;
  error: string;
  value: string | null;
  originalTopic: string;
  /** Every header, name and value, as text. */
  headers: string;
}

describe('the Kafka consumer runtime', () => {
  const prefix = `t-runtime-${randomBytes(4).toString('hex')}.`;
  const service = 'probe-service';
  const created: string[] = [];
  let topic = '';
  let binding = { topic, schema: ProbeEvent, type: 'probe.happened' };
  let kafka: Kafka;
  let producer: Producer;
  let running: RunningConsumer | undefined;
  const handled: { event: ProbeEvent; context: MessageContext }[] = [];
  const attempts = new Map<string, number>();
  /** What the handler awaits before it handles an event, when a test wants to hold one back. */
  let beforeHandling: ((event: ProbeEvent) => Promise<void>) | undefined;

  beforeAll(async () => {
    kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'runtime-test' });
    producer = createProducer(kafka);
    await producer.connect();
  });
  // Each test gets its own topic (and dead-letter topic), so that none reads another's records.
  beforeEach(async () => {
    topic = `${prefix}probe-${created.length}.v1`;
    binding = { topic, schema: ProbeEvent, type: 'probe.happened' };
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [
      { name: topic, partitions: 2, retentionMs: 3_600_000 },
      { name: `${topic}.dlq`, partitions: 1, retentionMs: 3_600_000 },
    ]);
    await admin.disconnect();
    created.push(topic, `${topic}.dlq`, retryTopicOf(topic, service));
  });
  afterEach(async () => {
    beforeHandling = undefined;
    await running?.stop();
    running = undefined;
  });
  afterAll(async () => {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await deleteTopics(admin, created);
    await admin.disconnect();
  });

  let groupId = '';
  async function start(): Promise<void> {
    groupId = `${prefix}group-${randomBytes(2).toString('hex')}`;
    running = await startConsumer({
      kafka,
      service,
      groupId,
      bindings: { probe: binding },
      handlers: {
        probe: async (event, context) => {
          await beforeHandling?.(event);
          const tries = (attempts.get(event.eventId) ?? 0) + 1;
          attempts.set(event.eventId, tries);
          const behaviour = event.payload.behaviour;
          if (behaviour === 'fail-permanently')
            throw new AppError('PROBE_BROKEN', 'cannot ever work');
          if (behaviour === 'fail-always')
            throw new AppError('PROBE_DOWN', 'still down', { retryable: true });
          if (behaviour === 'fail-transiently-then-succeed' && tries <= 4) {
            throw new AppError('PROBE_DOWN', 'down for a moment', { retryable: true });
          }
          if (handled.some((h) => h.event.eventId === event.eventId)) return skip('duplicate');
          handled.push({ event, context });
          return ack();
        },
      },
      producer,
      logger: silent,
      retry: fastRetry,
    });
  }

  async function readDeadLetters(count: number): Promise<DeadLetter[]> {
    const letters: DeadLetter[] = [];
    const consumer = kafka.consumer({
      groupId: `${prefix}dlq-reader-${randomBytes(2).toString('hex')}`,
    });
    await consumer.connect();
    await consumer.subscribe({ topic: `${topic}.dlq`, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${letters.length} of ${count} dead letters`)),
        20_000,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            letters.push({
              reason: headerText(message.headers, Header.deadLetterReason) ?? '',
              error: headerText(message.headers, Header.deadLetterError) ?? '',
              value: message.value?.toString() ?? null,
              originalTopic: headerText(message.headers, Header.originalTopic) ?? '',
              headers: Object.keys(message.headers ?? {})
                .map((name) => `${name}=${headerText(message.headers, name) ?? ''}`)
                .join('\n'),
            });
            if (letters.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return letters;
  }

  async function until(condition: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('dead-letters malformed records with their reason and goes on with the next', async () => {
    const good = aProbeEvent('succeed');
    const wrongShape = {
      ...aProbeEvent('succeed'),
      payload: { accountId: 'acct-1', behaviour: 'dance' },
    };
    const otherType = { ...aProbeEvent('succeed'), type: 'something.else' };
    await producer.send({
      topic,
      messages: [
        { key: 'acct-1', value: '{not json' },
        { key: 'acct-1', value: JSON.stringify(wrongShape) },
        { key: 'acct-1', value: JSON.stringify(otherType) },
        { key: 'acct-1', value: JSON.stringify(good) },
      ],
    });
    await start();
    await until(() => handled.some((h) => h.event.eventId === good.eventId), 'the good event');
    const letters = await readDeadLetters(3);
    expect(letters.map((l) => l.reason)).toEqual([
      'MALFORMED_JSON',
      'SCHEMA_INVALID',
      'UNKNOWN_TYPE',
    ]);
    expect(letters[0]?.value).toBe('{not json'); // the original bytes, to replay after a fix
    expect(letters[1]?.error).toMatch(/payload\.behaviour/);
    expect(letters.every((l) => l.originalTopic === topic)).toBe(true);
  });

  it('dead-letters a record keyed by another account than its own, and goes on with the next', async () => {
    const misplaced = aProbeEvent('succeed', 'acct-bravo-4155550134');
    const unkeyed = aProbeEvent('succeed', 'acct-charlie');
    const good = aProbeEvent('succeed', 'acct-alpha');
    await producer.send({
      topic,
      messages: [
        { key: 'acct-alpha', value: JSON.stringify(misplaced) },
        { key: null, value: JSON.stringify(unkeyed) },
        { key: 'acct-alpha', value: JSON.stringify(good) },
      ],
    });
    await start();
    await until(() => handled.some((h) => h.event.eventId === good.eventId), 'the good event');
    const letters = await readDeadLetters(2);
    expect(letters.map((l) => l.reason).sort()).toEqual(['KEY_MISMATCH', 'KEY_MISSING']);
    for (const letter of letters) {
      expect(letter.headers).not.toMatch(/acct-|4155550134/);
    }
    expect(letters.find((l) => l.reason === 'KEY_MISMATCH')?.value).toBe(JSON.stringify(misplaced));
    expect(handled.map((h) => h.event.eventId)).not.toContain(misplaced.eventId);
    expect(handled.map((h) => h.event.eventId)).not.toContain(unkeyed.eventId);
  });

  it('works on several accounts of one partition at once, each account in order', async () => {
    const slow = [aProbeEvent('succeed', 'acct-slow'), aProbeEvent('succeed', 'acct-slow')];
    const quick = [1, 2, 3].map(() => aProbeEvent('succeed', 'acct-quick'));
    // The slow account's first record waits until the quick account's last one was handled: a
    // consumer that handled one record at a time would wait forever.
    let quickDone: () => void = () => undefined;
    const quickHandled = new Promise<void>((resolve) => (quickDone = resolve));
    beforeHandling = async (event) => {
      if (event.eventId === slow[0]?.eventId) await quickHandled;
    };
    await producer.send({
      topic,
      messages: [slow[0]!, quick[0]!, slow[1]!, quick[1]!, quick[2]!].map((event) => ({
        key: event.payload.accountId,
        value: JSON.stringify(event),
        partition: 0,
      })),
    });
    await start();
    await until(() => handled.some((h) => h.event.eventId === quick[2]?.eventId), 'quick');
    quickDone();
    const ours = new Set([...slow, ...quick].map((e) => e.eventId));
    const handledHere = () => handled.filter((h) => ours.has(h.event.eventId));
    await until(() => handledHere().length === 5, 'every record');
    const order = (account: string) =>
      handledHere()
        .filter((h) => h.event.payload.accountId === account)
        .map((h) => h.event.eventId);
    expect(order('acct-slow')).toEqual(slow.map((e) => e.eventId));
    expect(order('acct-quick')).toEqual(quick.map((e) => e.eventId));
    expect(handledHere()[0]?.event.payload.accountId).toBe('acct-quick');
    // Every record handled, so every offset committed on stopping, in spite of the order.
    const consumer = running;
    running = undefined;
    await consumer?.stop();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(offsets?.partitions.find((p) => p.partition === 0)?.offset).toBe('5');
    } finally {
      await admin.disconnect();
    }
  });

  it('stops when idle: commits what it handled and leaves its group', async () => {
    const event = aProbeEvent('succeed');
    await createEventPublisher(producer, { probe: binding }).publish('probe', [event]);
    await start();
    await until(() => handled.some((h) => h.event.eventId === event.eventId), 'the event');
    await until(() => running?.isReady() === true, 'readiness');
    const consumer = running;
    running = undefined;
    await consumer?.stop();
    expect(consumer?.isReady()).toBe(false);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups([groupId]);
      expect(groups[0]?.members).toEqual([]); // left at once, not after the session timeout
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const committed = offsets?.partitions.map((p) => Number(p.offset)) ?? [];
      expect(committed.reduce((sum, offset) => sum + Math.max(offset, 0), 0)).toBe(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('gives the same event twice to the handler, which sees the duplicate', async () => {
    const event = aProbeEvent('succeed');
    await createEventPublisher(producer, { probe: binding }).publish('probe', [event, event]);
    await start();
    await until(() => (attempts.get(event.eventId) ?? 0) === 2, 'both deliveries');
    expect(handled.filter((h) => h.event.eventId === event.eventId)).toHaveLength(1);
  });

  it('retries a transient failure, in place and through the retry topic, until it succeeds', async () => {
    const event = aProbeEvent('fail-transiently-then-succeed');
    await createEventPublisher(producer, { probe: binding }).publish('probe', [event]);
    await start();
    await until(() => handled.some((h) => h.event.eventId === event.eventId), 'the retried event');
    // Three tries in place, then the retry topic: the fourth fails, the fifth succeeds in place.
    expect(attempts.get(event.eventId)).toBe(5);
    expect(handled.find((h) => h.event.eventId === event.eventId)?.context.attempt).toBe(5);
  });

  it('dead-letters a permanent failure at once, and a transient one when retries run out', async () => {
    const permanent = aProbeEvent('fail-permanently');
    const hopeless = aProbeEvent('fail-always');
    await createEventPublisher(producer, { probe: binding }).publish('probe', [
      permanent,
      hopeless,
    ]);
    await start();
    const letters = await readDeadLetters(2);
    expect(letters.map((l) => l.reason)).toEqual(['PERMANENT_FAILURE', 'RETRIES_EXHAUSTED']);
    expect(attempts.get(permanent.eventId)).toBe(1);
    expect(attempts.get(hopeless.eventId)).toBe(6); // 3 in place, then 3 more after the retry topic
    expect(letters[0]?.error).toBe('PROBE_BROKEN: cannot ever work');
  });
});

const silent = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silent,
};
