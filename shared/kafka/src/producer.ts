import type { Kafka, Producer } from 'kafkajs';
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
 * An idempotent producer: the broker drops the duplicates its own retries would create, and
 * `acks: all` means a publish has returned only once the record is safely stored.
 */
export function createProducer(kafka: Kafka): Producer {
  const producer = kafka.producer({
    idempotent: true,
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
      await producer.send({ topic: binding.topic, acks: -1, messages });
    },
  };
}
