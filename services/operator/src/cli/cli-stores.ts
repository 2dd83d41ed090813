/**
 * What the operator's commands (`kindly keys`, `kindly dead-letters`) share: their settings, who
 * they act as in the audit (the command line, named by the operating-system user, as an admin),
 * and MongoDB with a Kafka producer whose writes are recorded like the API's (`operator.action`).
 */
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { InfraSettings, parseConfig } from '@kindly/config';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  type Producer,
} from '@kindly/kafka';
import { withMongo, type Db } from '@kindly/mongo';
import { ServiceSettings } from '@kindly/service';
import { kafkaActionLog, type OperatorAction } from '../actions/action-log.js';
import type { ActionLog } from '../actions/action-log.js';
import type { Principal } from '../http/principal.js';

export interface OperatorCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const OperatorCliSettings = InfraSettings.pick({
  KAFKA_BROKERS: true,
  MONGODB_URI: true,
  MONGODB_DATABASE: true,
}).extend({ KAFKA_TOPIC_PREFIX: ServiceSettings.shape.KAFKA_TOPIC_PREFIX });

/** The command line acts as an admin, named by the operating-system user. */
export function cliPrincipal(): Principal {
  const user = userInfo().username.trim().slice(0, 80) || 'unknown';
  return { keyId: 'cli', label: `command line (${user})`, role: 'admin' };
}

export interface CliStores {
  readonly db: Db;
  readonly producer: Producer;
  /** The audit's record of an action, by the command line, now. */
  readonly record: (action: OperatorAction) => Promise<void>;
  /** The action log itself, for a use case that records its own actions. */
  readonly actions: ActionLog;
  /** KAFKA_TOPIC_PREFIX: the audit's records go to its topics. */
  readonly topicPrefix: string;
}

/**
 * Runs `act` over MongoDB and a Kafka producer. A setting missing or wrong throws ConfigError;
 * Kafka or MongoDB away throws their client's error: the caller answers both. kafkajs' own
 * retry logs are kept off, as `npm run provision` keeps them: the failure is said once.
 */
export async function withCliStores<T>(
  io: OperatorCliIo,
  clientId: string,
  act: (stores: CliStores) => Promise<T>,
): Promise<T> {
  const settings = parseConfig(OperatorCliSettings, io.env ?? process.env);
  const kafka = createKafka({
    brokers: settings.KAFKA_BROKERS,
    clientId,
    logCreator: () => () => {},
  });
  const producer = createProducer(kafka);
  try {
    await producer.connect();
    const publisher = createEventPublisher(
      producer,
      bindTopics(['operator.action'], settings.KAFKA_TOPIC_PREFIX),
    );
    const actions = kafkaActionLog((events) => publisher.publish('operator.action', events));
    return await withMongo(
      { uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE, appName: clientId },
      (db) =>
        act({
          db,
          producer,
          actions,
          topicPrefix: settings.KAFKA_TOPIC_PREFIX,
          record: (action) => actions.record(cliPrincipal(), action, randomUUID(), new Date()),
        }),
    );
  } finally {
    await producer.disconnect();
  }
}

/** Runs `act` over MongoDB alone, for a command that only reads. */
export async function withCliDb<T>(
  io: OperatorCliIo,
  clientId: string,
  act: (db: Db) => Promise<T>,
): Promise<T> {
  const settings = parseConfig(
    OperatorCliSettings.omit({ KAFKA_BROKERS: true }),
    io.env ?? process.env,
  );
  return withMongo(
    { uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE, appName: clientId },
    act,
  );
}
