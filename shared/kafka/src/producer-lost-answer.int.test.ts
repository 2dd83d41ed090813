import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { testInfra } from '@kindly/testing';
import { createProducer } from './producer.js';
import { deleteTopics, ensureTopics } from './topic-provisioning.js';

const infra = testInfra();

/** The API key of a Produce request, in the two bytes after a request's length. */
const PRODUCE = 0;

/**
 * Sockets whose next Produce request, once armed, reaches the broker and whose answer is lost:
 * the connection closes before the client reads it. That is what a broker that stops (or a
 * network that drops) right after storing a batch looks like from the client: a failed send of a
 * record that was in fact written.
 */
function answerLosingSockets() {
  let armed = false;
  let dropped = () => {};
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket: Socket = connect({ host, port }, onConnect);
    let dropNextAnswer = false;
    const write = socket.write.bind(socket) as (chunk: unknown, ...rest: unknown[]) => boolean;
    socket.write = (chunk: unknown, ...rest: unknown[]) => {
      if (armed && Buffer.isBuffer(chunk) && chunk.length > 6 && chunk.readInt16BE(4) === PRODUCE) {
        armed = false;
        dropNextAnswer = true;
      }
      return write(chunk, ...rest);
    };
    const emit = socket.emit.bind(socket) as (
      event: string | symbol,
      ...args: unknown[]
    ) => boolean;
    socket.emit = ((event: string | symbol, ...args: unknown[]) => {
      if (event === 'data' && dropNextAnswer) {
        dropNextAnswer = false;
        // An error, so that kafkajs (which does not listen for 'close') fails the request now.
        socket.destroy(new Error('connection lost before the answer'));
        dropped();
        return true;
      }
      return emit(event, ...args);
    }) as Socket['emit'];
    return socket;
  };
  return {
    factory,
    /** Loses the answer to the next Produce request; resolves once it has. */
    arm: () =>
      new Promise<void>((resolve) => {
        armed = true;
        dropped = resolve;
      }),
  };
}

describe('a send whose answer was lost', () => {
  const topic = `t-lost-answer-${randomBytes(4).toString('hex')}.probe.v1`;
  const sockets = answerLosingSockets();
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = new Kafka({
      clientId: 'lost-answer-test',
      brokers: [...infra.kafkaBrokers],
      logLevel: logLevel.NOTHING,
      // kafkajs tries a failed send again after a pause, in which another handler's publish goes.
      retry: { retries: 2, initialRetryTime: 1_000 },
      socketFactory: sockets.factory,
    });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ name: topic, partitions: 1, retentionMs: 3_600_000 }]);
    await admin.disconnect();
  });
  afterAll(async () => {
    const admin = kafka.admin();
    await admin.connect();
    await deleteTopics(admin, [topic]);
    await admin.disconnect();
  });

  it('does not make the next record vanish: every send that succeeded is in the topic', async () => {
    const producer = createProducer(kafka);
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'warm-up' }] });
      const lost = sockets.arm();
      // The broker stores "first" and its answer is lost; kafkajs will send it again.
      const first = producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'first' }] });
      await lost;
      // Another record goes in the pause. kafkajs' idempotent producer gave it the failed
      // request's sequence number, and the broker took it for a copy of "first": it answered
      // with success and stored nothing.
      await producer.send({ topic, acks: -1, messages: [{ key: 'b', value: 'second' }] });
      await first;
    } finally {
      await producer.disconnect();
    }
    const values = await readAll(kafka, topic);
    expect(values).toContain('second');
    expect(values).toContain('first');
  });
});

async function readAll(kafka: Kafka, topic: string): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  const [end] = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const high = Number(end?.high ?? 0);
  const values: string[] = [];
  const consumer = kafka.consumer({ groupId: `lost-answer-${randomBytes(3).toString('hex')}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${values.length} of ${high}`)), 20_000);
    consumer
      .run({
        eachMessage: async ({ message }) => {
          values.push(message.value?.toString() ?? '');
          if (Number(message.offset) + 1 >= high) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return values;
}
