import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kafka, Producer } from 'kafkajs';
import { testInfra } from '@kindly/testing';
import { createKafka } from './kafka-client.js';
import { createEventPublisher, createProducer } from './producer.js';
import { ensureTopics, deleteTopics } from './topic-provisioning.js';
import { aProbeEvent, ProbeEvent } from './testing/probe-event.js';

const infra = testInfra();

describe('publishing events', () => {
  const topic = `t-producer-${randomBytes(4).toString('hex')}.probe.v1`;
  const binding = { probe: { topic, schema: ProbeEvent, type: 'probe.happened' } };
  let kafka: Kafka;
  let producer: Producer;
  const produceRequests: number[] = [];

  beforeAll(async () => {
    kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'producer-test' });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 3, retentionMs: 3_600_000 }]);
    await admin.disconnect();
    producer = createProducer(kafka);
    producer.on(producer.events.REQUEST, (event) => {
      if (event.payload.apiName === 'Produce') produceRequests.push(event.payload.size);
    });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await deleteTopics(admin, [topic]);
    await admin.disconnect();
  });

  async function readAll(count: number): Promise<ProbeEvent[]> {
    const consumer = kafka.consumer({ groupId: `producer-test-${randomBytes(3).toString('hex')}` });
    const events: ProbeEvent[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${events.length} of ${count}`)),
        20_000,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            events.push(ProbeEvent.parse(JSON.parse(message.value?.toString() ?? '')));
            if (events.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();
    return events;
  }

  it('sends the publishes of one moment together, each account’s in the order published', async () => {
    const publisher = createEventPublisher(producer, binding);
    const accounts = Array.from({ length: 20 }, (_, i) => `acct-${i}`);
    const published = new Map<string, string[]>();
    produceRequests.length = 0;
    // Each account publishes 5 events one after another, as a consumer's lane does; the 20
    // accounts at once.
    await Promise.all(
      accounts.map(async (account) => {
        for (let n = 0; n < 5; n++) {
          const event = aProbeEvent('succeed', account);
          published.set(account, [...(published.get(account) ?? []), event.eventId]);
          await publisher.publish('probe', [event]);
        }
      }),
    );
    // 100 publishes, 5 rounds of 20 gathered: a handful of requests, not 100.
    expect(produceRequests.length).toBeLessThanOrEqual(10);
    const read = await readAll(100);
    for (const account of accounts) {
      const order = read.filter((e) => e.payload.accountId === account).map((e) => e.eventId);
      expect(order).toEqual(published.get(account));
    }
  });

  it('splits what is gathered into requests the broker takes (under 1 MiB each)', async () => {
    const publisher = createEventPublisher(producer, binding);
    const big = 'x'.repeat(300 * 1024);
    const events = Array.from({ length: 6 }, (_, i) => ({
      ...aProbeEvent('succeed', `acct-big-${i}`),
      payload: { accountId: `acct-big-${i}`, behaviour: 'succeed' as const, note: big },
    }));
    produceRequests.length = 0;
    await Promise.all(events.map((event) => publisher.publish('probe', [event])));
    expect(produceRequests.length).toBeGreaterThanOrEqual(3);
  });
});
