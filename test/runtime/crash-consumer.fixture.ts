// A consumer process for the redelivery test: it records every delivery, applies the effect once
// per event, and, when CRASH_AFTER_EFFECT=1, kills itself after the effect and before the offset
// can be committed, as a power cut or an OOM kill would.
import { ack, createKafka, createProducer, silentLogger, skip, startConsumer } from '@kindly/kafka';
import { ProbeEvent } from '@kindly/kafka/testing';
import { connectMongo, createProcessedEvents, isDuplicateKeyError } from '@kindly/mongo';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

const kafka = createKafka({ brokers: env('KAFKA_BROKERS').split(','), clientId: 'crash-fixture' });
const producer = createProducer(kafka);
await producer.connect();
const mongo = await connectMongo({
  uri: env('MONGODB_URI'),
  database: env('DATABASE'),
  appName: 'crash-fixture',
});
const processed = createProcessedEvents(mongo.db, 'crash-fixture');
const effects = mongo.db.collection<{ _id: string }>('effects');
const deliveries = mongo.db.collection<{ eventId: string; pid: number }>('deliveries-seen');
const crash = process.env['CRASH_AFTER_EFFECT'] === '1';

const consumer = await startConsumer({
  kafka,
  service: 'crash-fixture',
  groupId: env('GROUP'),
  bindings: { probe: { topic: env('TOPIC'), schema: ProbeEvent, type: 'probe.happened' } },
  producer,
  logger: silentLogger,
  // The broker's minimum: the second run should not wait long for the killed one to be declared gone.
  sessionTimeoutMs: 6_000,
  handlers: {
    probe: async (event) => {
      await deliveries.insertOne({ eventId: event.eventId, pid: process.pid });
      const result = await processed.once(event.eventId, new Date(), async () => {
        // The effect is itself idempotent, keyed by the event: a crash between it and the
        // processed record must not make a second effect either.
        await effects.insertOne({ _id: event.eventId }).catch((error: unknown) => {
          if (!isDuplicateKeyError(error)) throw error;
        });
      });
      if (crash) process.kill(process.pid, 'SIGKILL');
      return result.ran ? ack() : skip('duplicate');
    },
  },
});

process.once('SIGTERM', () => {
  void (async () => {
    await consumer.stop();
    await producer.disconnect();
    await mongo.close();
    process.exit(0);
  })();
});
