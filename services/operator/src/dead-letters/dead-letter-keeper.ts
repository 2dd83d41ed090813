/**
 * Reads every dead-letter topic of the catalog (`<prefix><topic>.dlq`) into the operator API's
 * store, so that operations can browse them by topic and reason and replay them after a fix,
 * without reading Kafka topics on every request. One consumer group; at least once, kept once.
 */
import { deadLetterTopicOf, topicCatalog } from '@kindly/contracts';
import { Header, headerText, type Kafka } from '@kindly/kafka';
import type { Logger } from '@kindly/logger';
import type { DeadLetters } from './dead-letters.repository.js';

const DEAD_LETTER_HEADERS = new Set<string>([
  Header.deadLetterReason,
  Header.deadLetterError,
  Header.deadLetterService,
  Header.deadLetterAt,
]);

export async function startDeadLetterKeeper(options: {
  readonly kafka: Kafka;
  readonly prefix: string;
  readonly letters: DeadLetters;
  readonly logger: Logger;
  /** How long the group waits for a member that stopped answering (kafkajs' 30 s otherwise). */
  readonly sessionTimeoutMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const { prefix } = options;
  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  const consumer = options.kafka.consumer({
    groupId: `${prefix}operator-dead-letters`,
    sessionTimeout,
    heartbeatInterval: 3_000,
    // A join after a crash waits for the dead member no longer than this; so does a stop. Never
    // under the session timeout: the broker would end a rebalance before it can tell a member
    // that is slow to rejoin from one that is gone.
    rebalanceTimeout: Math.max(30_000, sessionTimeout),
  });
  await consumer.connect();
  // The catalog's dead-letter topics by name: on a shared cluster, not another application's.
  await consumer.subscribe({
    topics: Object.values(topicCatalog).map((t) => deadLetterTopicOf(`${prefix}${t.name}`)),
    fromBeginning: true,
  });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) {
        const text = headerText({ [name]: value }, name);
        if (text !== undefined && !DEAD_LETTER_HEADERS.has(name)) headers[name] = text;
      }
      const dlqTopic = topic.slice(prefix.length);
      const eventId = headerText(message.headers, Header.eventId);
      const type = headerText(message.headers, Header.type);
      const tenantId = headerText(message.headers, Header.tenantId);
      await options.letters.keep({
        id: `${dlqTopic}:${partition}:${message.offset}`,
        topic: dlqTopic.replace(/\.dlq$/, ''),
        originalTopic:
          headerText(message.headers, Header.originalTopic) ?? topic.replace(/\.dlq$/, ''),
        reason: headerText(message.headers, Header.deadLetterReason) ?? 'UNKNOWN',
        detail: headerText(message.headers, Header.deadLetterError) ?? '',
        service: headerText(message.headers, Header.deadLetterService) ?? 'unknown',
        at:
          headerText(message.headers, Header.deadLetterAt) ??
          new Date(Number(message.timestamp)).toISOString(),
        ...(eventId !== undefined ? { eventId } : {}),
        ...(type !== undefined ? { type } : {}),
        ...(tenantId !== undefined ? { tenantId } : {}),
        ...(message.key !== null ? { key: message.key.toString('utf8') } : {}),
        ...(message.value !== null ? { value: message.value.toString('base64') } : {}),
        headers,
      });
    },
  });
  options.logger.info({}, 'dead-letter keeper reading');
  return { stop: () => consumer.disconnect() };
}
