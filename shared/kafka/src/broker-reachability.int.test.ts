import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, kafkaLogCreator } from '@kindly/logger';
import { testInfra } from '@kindly/testing';
import { retryTopicOf } from '@kindly/contracts';
import { createKafka } from './kafka-client.js';
import { createProducer } from './producer.js';
import { startConsumer } from './consumer.js';
import { ack } from './handler.js';
import { deleteTopics, ensureTopics } from './topic-provisioning.js';
import { silentLogger } from './runtime-ports.js';
import { aProbeEvent, ProbeEvent } from './testing/probe-event.js';

const infra = testInfra();

/** A port nothing listens on, until `open()` forwards it to the real broker. */
async function closedDoor() {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const [host, brokerPort] = (infra.kafkaBrokers[0] ?? '').split(':');
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  return {
    port,
    async open() {
      server = createServer((client) => {
        const upstream = connect(Number(brokerPort), host);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('error', () => socket.destroy());
          socket.on('close', () => sockets.delete(socket));
        }
        client.pipe(upstream).pipe(client);
      });
      await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('broker reachability, wired from kafkajs to the outage lines', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('logs an unreachable broker once, and once when it answers again', async () => {
    const door = await closedDoor();
    cleanups.push(() => door.close());
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: 'probe-service',
      level: 'info',
      destination: {
        write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
      },
    });
    const kafka = createKafka({
      brokers: [`127.0.0.1:${door.port}`],
      clientId: 'reachability-test',
      logCreator: kafkaLogCreator(logger, { settleMs: 0 }),
    });
    const producer = createProducer(kafka);
    const connecting = producer.connect();
    cleanups.push(() => producer.disconnect());
    await until(() => lines.some((l) => l['msg'] === 'Kafka broker unreachable'), 'the outage');
    await door.open(); // kafkajs' next retry gets through
    await connecting;
    await until(() => lines.some((l) => l['msg'] === 'Kafka broker reachable again'), 'the end');
    const startupWarnings = /default partitioner/;
    const loud = lines.filter(
      (l) =>
        (l['level'] === 'error' || l['level'] === 'warn') &&
        !startupWarnings.test(String(l['msg'])),
    );
    expect(loud.map((l) => l['msg'])).toEqual(['Kafka broker unreachable']);
    expect(loud[0]).toMatchObject({ kind: 'connection refused', broker: `127.0.0.1:${door.port}` });
    expect(lines.filter((l) => l['msg'] === 'Kafka broker reachable again')).toHaveLength(1);
  });

  it("reports every consumer's and producer's answered requests", async () => {
    const answered = { producer: 0, consumer: 0 };
    const counting = (client: keyof typeof answered) =>
      Object.assign(() => () => {}, { reachability: { reachable: () => void answered[client]++ } });
    const producerKafka = createKafka({
      brokers: infra.kafkaBrokers,
      clientId: 'reachability-test',
      logCreator: counting('producer'),
    });
    const consumerKafka = createKafka({
      brokers: infra.kafkaBrokers,
      clientId: 'reachability-test',
      logCreator: counting('consumer'),
    });
    const topic = `t-reach-${randomBytes(4).toString('hex')}.probe.v1`;
    const admin = producerKafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, retentionMs: 3_600_000 }]);
    cleanups.push(async () => {
      await deleteTopics(admin, [topic, retryTopicOf(topic, 'probe-service')]);
      await admin.disconnect();
    });
    const producer = createProducer(producerKafka);
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    await producer.send({
      topic,
      messages: [{ key: 'acct-1', value: JSON.stringify(aProbeEvent('succeed')) }],
    });
    expect(answered.producer).toBeGreaterThan(0);
    const handled: string[] = [];
    const consumer = await startConsumer({
      kafka: consumerKafka,
      service: 'probe-service',
      groupId: `${topic}-group`,
      bindings: { probe: { topic, schema: ProbeEvent, type: 'probe.happened' } },
      handlers: {
        probe: async (event) => {
          handled.push(event.eventId);
          return ack();
        },
      },
      producer,
      logger: silentLogger,
    });
    cleanups.push(() => consumer.stop());
    await until(() => handled.length === 1, 'the event');
    expect(answered.consumer).toBeGreaterThan(0);
  });
});
