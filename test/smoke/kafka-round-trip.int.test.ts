import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafka, describeBroker, type Kafka } from '@kindly/kafka';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';

const infra = testInfra();

describe(`a real Apache Kafka broker (${infra.kafkaVersion} at ${infra.kafkaBrokers.join(',')})`, () => {
  let ns: ProvisionedNamespace;
  let kafka: Kafka;

  beforeAll(async () => {
    ns = await provisionTestNamespace('kafka-smoke', ['account.overdue']);
    kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'kafka-smoke' });
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('names the Kafka version it talks to', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const broker = await describeBroker(admin).finally(() => admin.disconnect());
    console.log(`[smoke] Kafka broker: ${broker.protocolVersion}, cluster ${broker.clusterId}`);
    expect(broker.brokerCount).toBe(1);
    expect(broker.protocolVersion).toMatch(/^\d+\.\d+/);
  });

  it('round-trips a record through a consumer group and commits its offset', async () => {
    const topic = ns.topic('account.overdue');
    const groupId = `${ns.prefix}group`;
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      messages: [{ key: 'acct-1', value: JSON.stringify({ hello: 'kafka' }) }],
    });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const received = await new Promise<{
      key: string;
      value: string;
      partition: number;
      offset: string;
    }>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ message, partition }) => {
            // Commit explicitly, after the work: the pattern every Kindly consumer follows.
            await consumer.commitOffsets([
              { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
            ]);
            resolve({
              key: message.key?.toString() ?? '',
              value: message.value?.toString() ?? '',
              partition,
              offset: message.offset,
            });
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    expect(received.key).toBe('acct-1');
    expect(JSON.parse(received.value)).toEqual({ hello: 'kafka' });

    const admin = kafka.admin();
    await admin.connect();
    const committed = await admin
      .fetchOffsets({ groupId, topics: [topic] })
      .finally(() => admin.disconnect());
    const partition = committed[0]?.partitions.find((p) => p.partition === received.partition);
    expect(partition?.offset).toBe((BigInt(received.offset) + 1n).toString());
  });

  it('refuses a topic that was not provisioned', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
    await producer.connect();
    await expect(
      producer.send({ topic: `${ns.prefix}no-such-topic.v1`, messages: [{ value: 'x' }] }),
    ).rejects.toThrow();
    await producer.disconnect();
  });
});
