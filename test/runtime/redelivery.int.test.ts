import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createEventPublisher,
  createKafka,
  createProducer,
  deleteTopics,
  ensureTopics,
} from '@kindly/kafka';
import { aProbeEvent, ProbeEvent } from '@kindly/kafka/testing';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import { testInfra } from '@kindly/testing';

const infra = testInfra();
const fixture = fileURLToPath(new URL('./crash-consumer.fixture.ts', import.meta.url));

describe('a consumer killed after its effect and before its commit', () => {
  const id = randomBytes(4).toString('hex');
  const topic = `t-crash-${id}.probe.v1`;
  const database = `t_crash_${id}`;
  const group = `t-crash-${id}.group`;
  let mongo: MongoConnection;

  beforeAll(async () => {
    const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'crash-test' }).admin();
    await admin.connect();
    await ensureTopics(admin, [
      { name: topic, partitions: 1, retentionMs: 3_600_000 },
      { name: `${topic}.dlq`, partitions: 1, retentionMs: 3_600_000 },
    ]);
    await admin.disconnect();
    mongo = await connectMongo({ uri: infra.mongoUri, database, appName: 'crash-test' });
  });
  afterAll(async () => {
    await mongo.db.dropDatabase();
    await mongo.close();
    const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'crash-test' }).admin();
    await admin.connect();
    await deleteTopics(admin, [topic, `${topic}.dlq`, `${topic}.retry.crash-fixture`]);
    await admin.disconnect();
  });

  function runFixture(crash: boolean) {
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', fixture],
      {
        env: {
          ...process.env,
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          MONGODB_URI: infra.mongoUri,
          DATABASE: database,
          TOPIC: topic,
          GROUP: group,
          CRASH_AFTER_EFFECT: crash ? '1' : '0',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    return { child, exited };
  }

  async function count(collection: string): Promise<number> {
    return mongo.db.collection(collection).countDocuments({});
  }

  it('gets the record again, and the effect still happens once', async () => {
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'crash-test' });
    const producer = createProducer(kafka);
    await producer.connect();
    const event = aProbeEvent('succeed');
    await createEventPublisher(producer, { probe: { topic, schema: ProbeEvent } }).publish(
      'probe',
      [event],
    );
    await producer.disconnect();

    const first = runFixture(true);
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await count('effects')).toBe(1);
    expect(await count('deliveries-seen')).toBe(1);

    const second = runFixture(false);
    const deadline = Date.now() + 60_000;
    while ((await count('deliveries-seen')) < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toEqual({ code: 0, signal: null });

    expect(await count('deliveries-seen')).toBe(2); // the uncommitted record came again
    expect(await count('effects')).toBe(1); // and its effect did not happen twice
    expect(await mongo.db.collection('processed').countDocuments({ eventId: event.eventId })).toBe(
      1,
    );
  }, 120_000);
});
