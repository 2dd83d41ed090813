import DataLoader from 'dataloader';
import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { AppError } from '@kindly/errors';
import type { TopicBinding } from './handler.js';
import { reportAnswers } from './broker-reachability.js';
import { Header } from './headers.js';

/** The envelope fields the producer reads; every Kindly event has them (see @kindly/contracts). */
export interface PublishableEvent {
  readonly eventId: string;
  readonly type: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly tenantId: string;
  readonly payload: { readonly accountId: string };
}

/**
 * A producer that stores a record before a publish returns (`acks: all`), keeps one request in
 * flight per broker (so one account's events stay in the order published), and is *not*
 * kafkajs' idempotent producer. kafkajs gives a failed request's sequence numbers back, so after
 * a failure whose request the broker did store (the answer lost to a broker stopping or a dropped
 * connection) the next request, whoever's it is, goes out with the same numbers; the broker
 * takes it for a copy of the stored one, answers success and stores nothing. A record was lost
 * so, its publisher told it was stored: the fault runs' "accounts with no decision", shown in
 * producer-lost-answer.int.test.ts. Without idempotence a retry may store a second copy instead;
 * every Kindly event has its id, and every consumer drops a copy it has handled (as it must for
 * a redelivery anyway).
 */
export function createProducer(kafka: Kafka): Producer {
  const producer = kafka.producer({
    idempotent: false,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
  });
  reportAnswers(kafka, producer);
  return producer;
}

export interface EventPublisher<Bindings extends Record<string, TopicBinding<PublishableEvent>>> {
  /**
   * Validates `events` against the topic's contract (a service must never emit what its consumers
   * would dead-letter) and writes them keyed by account, so each account's events stay in order.
   */
  publish<K extends keyof Bindings & string>(
    topic: K,
    events: readonly (Bindings[K] extends TopicBinding<infer E> ? E : never)[],
  ): Promise<void>;
}

export function createEventPublisher<
  Bindings extends Record<string, TopicBinding<PublishableEvent>>,
>(producer: Producer, bindings: Bindings): EventPublisher<Bindings> {
  const sends = gatheredSends(producer);
  return {
    async publish(topic, events) {
      if (events.length === 0) return;
      const binding: TopicBinding<PublishableEvent> | undefined = bindings[topic];
      if (!binding) throw new AppError('TOPIC_UNKNOWN', `no binding for ${topic}`);
      const messages = events.map((candidate) => {
        const parsed = binding.schema.safeParse(candidate);
        if (!parsed.success) {
          const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
          throw new AppError(
            'EVENT_INVALID',
            `refusing to publish an invalid ${topic} event (${fields})`,
          );
        }
        const event = parsed.data;
        return {
          key: event.payload.accountId,
          value: JSON.stringify(event),
          headers: {
            [Header.eventId]: event.eventId,
            [Header.type]: event.type,
            [Header.correlationId]: event.correlationId,
            [Header.tenantId]: event.tenantId,
            [Header.contentType]: 'application/json',
            ...(event.causationId === null ? {} : { [Header.causationId]: event.causationId }),
          },
        };
      });
      await sends.load({ topic: binding.topic, messages });
    },
  };
}

/**
 * Most records in Kindly are published by handlers of many accounts at once (the consumer's
 * lanes), each awaiting its own publish; the producer sends one request at a time. So
 * the publishes of one moment are gathered (at `setImmediate`, as the repositories gather their
 * reads and writes) and sent as one request per ~512 KiB, in call order: one account's events,
 * published one after another by its lane, stay in order. If a request fails, every publish in it
 * fails, and each caller's handler retries (consumers drop the copies by event id).
 */
function gatheredSends(producer: Producer) {
  return new DataLoader<TopicMessages, true>(
    async (calls) => {
      for (const chunk of chunksOf(calls))
        await producer.sendBatch({ topicMessages: chunk, acks: -1 });
      return calls.map(() => true as const);
    },
    { cache: false, maxBatchSize: 1_000, batchScheduleFn: (send) => void setImmediate(send) },
  );
}

/** Keeps each request well under the broker's default limit of 1 MiB per record batch. */
const MAX_REQUEST_BYTES = 512 * 1024;

function chunksOf(calls: readonly TopicMessages[]): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let byTopic = new Map<string, Message[]>();
  let bytes = 0;
  const close = () => {
    if (byTopic.size === 0) return;
    chunks.push([...byTopic].map(([topic, messages]) => ({ topic, messages })));
    byTopic = new Map();
    bytes = 0;
  };
  for (const call of calls) {
    const size = call.messages.reduce((sum, m) => sum + sizeOf(m), 0);
    if (bytes > 0 && bytes + size > MAX_REQUEST_BYTES) close();
    const messages = byTopic.get(call.topic) ?? [];
    messages.push(...call.messages);
    byTopic.set(call.topic, messages);
    bytes += size;
  }
  close();
  return chunks;
}

function sizeOf(message: Message): number {
  const value = message.value;
  return typeof value === 'string' ? Buffer.byteLength(value) : (value?.length ?? 0);
}
