import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topicSpecs } from '@kindly/contracts';
import { createKafka, deleteTopics } from '@kindly/kafka';
import { collectionCatalog, provision } from '@kindly/provisioning';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import { createTestNamespace, testInfra } from '@kindly/testing';

const infra = testInfra();

describe('provisioning from the catalog', () => {
  const ns = createTestNamespace('provision');
  const target = {
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri: infra.mongoUri,
    mongoDatabase: ns.database,
  };
  const options = {
    prefix: ns.prefix,
    only: ['account.payment', 'delivery.outcome'] as const,
    partitions: 2,
  };
  let mongo: MongoConnection;

  beforeAll(async () => {
    mongo = await connectMongo({ uri: infra.mongoUri, database: ns.database, appName: 'test' });
  });
  afterAll(async () => {
    await mongo.db.dropDatabase();
    await mongo.close();
    const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'test' }).admin();
    await admin.connect();
    await deleteTopics(
      admin,
      topicSpecs(options).map((s) => s.name),
    ).finally(() => admin.disconnect());
  });

  it('creates every topic with its dead-letter topic, and every index', async () => {
    const report = await provision(target, options);
    expect(report.topics.created.sort()).toEqual(
      [
        `${ns.prefix}account.payment.v1`,
        `${ns.prefix}account.payment.v1.dlq`,
        `${ns.prefix}delivery.outcome.v1`,
        `${ns.prefix}delivery.outcome.v1.dlq`,
      ].sort(),
    );
    for (const collection of collectionCatalog) {
      const names = (await mongo.db.collection(collection.name).listIndexes().toArray()).map(
        (i: { name?: string }) => i.name,
      );
      expect(names).toEqual(expect.arrayContaining(collection.indexes.map((i) => i.name)));
    }
  });

  it('is idempotent: a second run changes nothing', async () => {
    const report = await provision(target, options);
    expect(report.topics.created).toEqual([]);
    expect(report.topics.partitionsAdded).toEqual([]);
    expect(report.topics.unchanged).toHaveLength(4);
  });

  it('grows a topic that has fewer partitions than the catalog asks for', async () => {
    const report = await provision(target, { ...options, partitions: 3 });
    expect(report.topics.partitionsAdded.sort()).toEqual([
      `${ns.prefix}account.payment.v1`,
      `${ns.prefix}delivery.outcome.v1`,
    ]);
    const admin = createKafka({ brokers: infra.kafkaBrokers, clientId: 'test' }).admin();
    await admin.connect();
    const metadata = await admin
      .fetchTopicMetadata({ topics: [`${ns.prefix}account.payment.v1`] })
      .finally(() => admin.disconnect());
    expect(metadata.topics[0]?.partitions).toHaveLength(3);
  });

  it('refuses an index that exists under the same name with other keys', async () => {
    await mongo.db.collection('campaign-launches').dropIndex('status');
    await mongo.db.collection('campaign-launches').createIndex({ other: 1 }, { name: 'status' });
    await expect(provision(target, options)).rejects.toThrow(
      /campaign-launches\.status exists with other keys/,
    );
  });
});
