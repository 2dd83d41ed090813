import { topicSpecs, type TopicSpecOptions } from '@kindly/contracts';
import { createKafka, ensureTopics, type TopicProvisioningReport } from '@kindly/kafka';
import { connectMongo, ensureIndexes } from '@kindly/mongo';
import { collectionCatalog } from './collection-catalog.js';

export interface ProvisionTarget {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly mongoDatabase: string;
}

export interface ProvisionReport {
  readonly topics: TopicProvisioningReport;
  readonly collections: readonly string[];
}

/**
 * Creates every topic (with its dead-letter topic) and every collection index from the catalogs.
 * Idempotent; services call it at start, tests call it per test file with their own prefix and
 * database, and `npm run provision` calls it for operators.
 */
export async function provision(
  target: ProvisionTarget,
  topicOptions: TopicSpecOptions = {},
): Promise<ProvisionReport> {
  const admin = createKafka({ brokers: target.kafkaBrokers, clientId: 'kindly-provision' }).admin();
  await admin.connect();
  let topics: TopicProvisioningReport;
  try {
    topics = await ensureTopics(admin, topicSpecs(topicOptions));
  } finally {
    await admin.disconnect();
  }
  const mongo = await connectMongo({
    uri: target.mongoUri,
    database: target.mongoDatabase,
    appName: 'kindly-provision',
  });
  try {
    await ensureIndexes(mongo.db, collectionCatalog);
  } finally {
    await mongo.close();
  }
  return { topics, collections: collectionCatalog.map((c) => c.name) };
}
