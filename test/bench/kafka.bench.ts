import { randomBytes } from 'node:crypto';
import { topicSpecs } from '@kindly/contracts';
import { createKafka, deleteTopics, ensureTopics } from '@kindly/kafka';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

const RECORDS = 50_000;
const BATCH = 1_000;

/** Produce and consume ~1 KB JSON records keyed by account, as the pipeline's events are. */
export async function benchKafka(brokers: string[]): Promise<BenchResult[]> {
  const kafka = createKafka({ brokers, clientId: 'kindly-bench' });
  const prefix = `bench-${randomBytes(3).toString('hex')}.`;
  const specs = topicSpecs({ prefix, only: ['account.overdue'], partitions: 6 });
  const topic = specs[0]!.name;
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, specs);

  const payload = JSON.stringify({ accountId: 'x', note: 'y'.repeat(900) });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const produceSeconds = await timed(async () => {
    for (let sent = 0; sent < RECORDS; sent += BATCH) {
      const messages = Array.from({ length: BATCH }, (_, i) => ({
        key: `acct-${(sent + i) % 5_000}`,
        value: payload,
      }));
      await producer.send({ topic, acks: -1, messages });
    }
  });
  await producer.disconnect();

  const consumer = kafka.consumer({ groupId: `${prefix}group` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  const consumeSeconds = await timed(
    () =>
      new Promise<void>((resolve, reject) => {
        consumer
          .run({
            eachBatch: async (payload) => {
              const { batch } = payload;
              for (const message of batch.messages) payload.resolveOffset(message.offset);
              received += batch.messages.length;
              await payload.commitOffsetsIfNecessary();
              if (received >= RECORDS) resolve();
            },
          })
          .catch(reject);
      }),
  );
  await consumer.disconnect();
  await deleteTopics(admin, [...specs.map((s) => s.name)]);
  await admin.disconnect();
  return [
    {
      name: 'Kafka produce (idempotent, acks=all)',
      operations: RECORDS,
      seconds: produceSeconds,
      note: `1 KB records, batches of ${BATCH}, 6 partitions`,
    },
    {
      name: 'Kafka consume (consumer group)',
      operations: RECORDS,
      seconds: consumeSeconds,
      note: 'eachBatch, offsets committed; includes the group join',
    },
  ];
}
