import { topicSpecs, type TopicSpecOptions } from '@kindly/contracts';
import { createKafka, ensureTopics, type TopicProvisioningReport } from '@kindly/kafka';
import { connectMongo, ensureIndexes } from '@kindly/mongo';
import { collectionCatalog } from './collection-catalog.js';

export interface ProvisionTarget {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly mongoDatabase: string;
  /**
   * Keeps kafkajs's own log lines (each retry with its stack) off standard error: for a command
   * that says what failed in one line of its own.
   */
  readonly quietKafka?: boolean;
}

export interface ProvisionReport {
  readonly topics: TopicProvisioningReport;
  readonly collections: readonly string[];
}

/** Told after each step (the topics, then each collection's indexes) how many of all are done. */
export type ProvisionProgress = (done: number, total: number, step: string) => void;

/** Kafka or MongoDB did not answer: nothing to fix in Kindly, and worth trying again later. */
export class UnreachableError extends Error {
  constructor(
    readonly system: 'Kafka' | 'MongoDB',
    /** host:port, never a password the address may carry. */
    readonly address: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    super(`${system} cannot be reached at ${address} (${why})`, { cause });
    this.name = 'UnreachableError';
  }
}

/**
 * Creates every topic (with its dead-letter topic) and every collection index from the catalogs.
 * Idempotent; services call it at start, tests call it per test file with their own prefix and
 * database, and `npm run provision` calls it for operators.
 */
export async function provision(
  target: ProvisionTarget,
  topicOptions: TopicSpecOptions = {},
  onProgress: ProvisionProgress = () => {},
): Promise<ProvisionReport> {
  const steps = 1 + collectionCatalog.length;
  const admin = createKafka({
    brokers: target.kafkaBrokers,
    clientId: 'kindly-provision',
    ...(target.quietKafka ? { logCreator: () => () => {} } : {}),
  }).admin();
  await admin.connect().catch((error: unknown) => {
    throw new UnreachableError('Kafka', target.kafkaBrokers.join(','), error);
  });
  let topics: TopicProvisioningReport;
  try {
    topics = await ensureTopics(admin, topicSpecs(topicOptions));
  } finally {
    await admin.disconnect();
  }
  onProgress(1, steps, 'topics');
  const mongo = await connectMongo({
    uri: target.mongoUri,
    database: target.mongoDatabase,
    appName: 'kindly-provision',
  }).catch((error: unknown) => {
    throw new UnreachableError('MongoDB', hostsOf(target.mongoUri), error);
  });
  try {
    // One collection at a time, so that a long run shows which it is at.
    for (const [i, collection] of collectionCatalog.entries()) {
      await ensureIndexes(mongo.db, [collection]);
      onProgress(2 + i, steps, collection.name);
    }
  } finally {
    await mongo.close();
  }
  return { topics, collections: collectionCatalog.map((c) => c.name) };
}

/** The hosts of a MongoDB connection string, without the user and password it may hold. */
function hostsOf(uri: string): string {
  const afterScheme = uri.replace(/^[a-z+]+:\/\//i, '');
  const authority = afterScheme.split(/[/?]/)[0] ?? '';
  return authority.slice(authority.lastIndexOf('@') + 1);
}
