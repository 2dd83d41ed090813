import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { topicSpecs, topicCatalog, type EventType } from '@kindly/contracts';
import { createKafka, deleteTopics, ensureTopics } from '@kindly/kafka';
import { connectMongo, ensureIndexes, type MongoConnection } from '@kindly/mongo';
import { collectionCatalog } from '@kindly/provisioning';
import type { TestInfra } from './infra-context.js';

/** The infrastructure found by global setup; fails clearly when a unit-only run asks for it. */
export function testInfra(): TestInfra {
  const infra = inject('kindlyInfra');
  if (!infra)
    throw new Error(
      'this test needs Kafka and MongoDB, but the run was started with KINDLY_TEST_INFRA=none',
    );
  return infra;
}

export interface TestNamespace {
  /** Prefixed to every topic of this test file. */
  readonly prefix: string;
  /** This test file's own database. */
  readonly database: string;
  /** The prefixed name of an event's topic. */
  topic(type: EventType): string;
}

/**
 * Names that belong to one test file only, so that test files can run in any order, in parallel,
 * against one broker and one server, and never read each other's records.
 */
export function createTestNamespace(label: string): TestNamespace {
  const id = `${label
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 20)
    .toLowerCase()}-${randomBytes(4).toString('hex')}`;
  const prefix = `t-${id}.`;
  return {
    prefix,
    database: `t_${id.replace(/-/g, '_')}`,
    topic: (type) => prefix + topicCatalog[type].name,
  };
}

export interface ProvisionedNamespace extends TestNamespace {
  readonly infra: TestInfra;
  readonly mongo: MongoConnection;
  /** Deletes the namespace's topics and drops its database. */
  cleanup(): Promise<void>;
}

/**
 * Creates a test file's topics (two partitions each: enough to exercise a consumer group) and its
 * database with every catalog index, through the same provisioning code the services use.
 */
export async function provisionTestNamespace(
  label: string,
  only: readonly EventType[] = [],
): Promise<ProvisionedNamespace> {
  const infra = testInfra();
  const namespace = createTestNamespace(label);
  const specs =
    only.length === 0 ? [] : topicSpecs({ prefix: namespace.prefix, only, partitions: 2 });
  const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'kindly-test' }).admin();
  await admin.connect();
  try {
    await ensureTopics(admin, specs);
  } finally {
    await admin.disconnect();
  }
  const mongo = await connectMongo({
    uri: infra.mongoUri,
    database: namespace.database,
    appName: 'kindly-test',
  });
  await ensureIndexes(mongo.db, collectionCatalog);
  return {
    ...namespace,
    infra,
    mongo,
    cleanup: async () => {
      await mongo.db.dropDatabase();
      await mongo.close();
      const cleanupAdmin = createKafka({
        brokers: infra.kafkaBrokers,
        clientId: 'kindly-test',
      }).admin();
      await cleanupAdmin.connect();
      await deleteTopics(
        cleanupAdmin,
        specs.map((s) => s.name),
      ).finally(() => cleanupAdmin.disconnect());
    },
  };
}
