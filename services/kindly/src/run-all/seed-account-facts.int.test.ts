import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankTopics } from '@kindly/account-state';
import { createKafka, type Kafka } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { seedAccountFacts } from './seed-account-facts.js';

/**
 * A deployment that ran `kindly run all` before the shared fold: the scheduler's copy and its
 * group's offsets on the bank topics are there, the shared fold's are not.
 */
describe("the shared fold's first start", () => {
  let ns: ProvisionedNamespace;
  let kafka: Kafka;
  const facts = () => ({
    group: `${ns.prefix}account-facts`,
    collection: 'account-facts',
    marker: 'account-facts-seed',
  });

  beforeAll(async () => {
    ns = await provisionTestNamespace('seed-facts', bankTopics);
    kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'seed-facts-test' });
    const producer = kafka.producer();
    await producer.connect();
    try {
      for (const type of ['account.payment', 'contact.consent'] as const) {
        await producer.send({
          topic: ns.topic(type),
          messages: [0, 1, 2].map((i) => ({ key: `A-${i}`, value: '{}', partition: 0 })),
        });
      }
    } finally {
      await producer.disconnect();
    }
  }, 60_000);

  afterAll(async () => {
    await ns?.cleanup();
  });

  const offsetsOf = async (groupId: string) => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const topics = [ns.topic('account.payment'), ns.topic('contact.consent')];
      const fetched = await admin.fetchOffsets({ groupId, topics });
      return Object.fromEntries(
        fetched.map(({ topic, partitions }) => [
          topic,
          partitions.map((p) => `${p.partition}:${p.offset}`).sort(),
        ]),
      );
    } finally {
      await admin.disconnect();
    }
  };

  it('finds nothing to take over in a deployment that never ran the scheduler', async () => {
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, facts())).toBe('fresh');
    expect(await ns.mongo.db.collection('account-facts').countDocuments({})).toBe(0);
  });

  it("takes over the scheduler's copy and where its fold had got to, once", async () => {
    const scheduler = ns.mongo.db.collection<{
      _id: string;
      version: number;
      tenantId: string;
      accountId: string;
    }>('scheduler-accounts');
    const documents = ['acme:A-0', 'acme:A-1', 'acme:A-2'].map((_id, i) => ({
      _id,
      version: i + 1,
      tenantId: 'acme',
      accountId: _id.slice(5),
    }));
    await scheduler.insertMany(documents);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.setOffsets({
        groupId: `${ns.prefix}scheduler`,
        topic: ns.topic('account.payment'),
        partitions: [{ partition: 0, offset: '2' }],
      });
      await admin.setOffsets({
        groupId: `${ns.prefix}scheduler`,
        topic: ns.topic('contact.consent'),
        partitions: [{ partition: 0, offset: '3' }],
      });
    } finally {
      await admin.disconnect();
    }

    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, facts())).toBe('seeded');
    const copied = await ns.mongo.db
      .collection<{ _id: string }>('account-facts')
      .find({})
      .sort({ _id: 1 })
      .toArray();
    expect(copied).toEqual(documents);
    expect(await offsetsOf(facts().group)).toEqual(await offsetsOf(`${ns.prefix}scheduler`));
    expect((await offsetsOf(facts().group))[ns.topic('contact.consent')]).toContain('0:3');
    expect(await ns.mongo.db.collection('account-facts-seed').findOne({})).toMatchObject({
      done: true,
    });

    // Once started, it is its own: a later change to the scheduler's copy is not taken over.
    await scheduler.insertOne({ _id: 'acme:A-9', version: 1, tenantId: 'acme', accountId: 'A-9' });
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, facts())).toBe('already-started');
    expect(await ns.mongo.db.collection('account-facts').countDocuments({})).toBe(3);
  });

  it('finishes a seed cut short from the offsets it wrote down, and never re-seeds a fold without one', async () => {
    // The scheduler's offsets are set by the test before: payment 0:2, consent 0:3.
    const scheduler = `${ns.prefix}scheduler`;
    const cut = {
      group: `${ns.prefix}account-facts-cut`,
      collection: 'account-facts-cut',
      marker: 'account-facts-cut-seed',
    };
    const begun = {
      group: `${ns.prefix}account-facts-begun`,
      collection: 'account-facts-begun',
      marker: 'account-facts-begun-seed',
    };
    const admin = kafka.admin();
    await admin.connect();
    try {
      // Cut short after the payment topic's offset; the consent topic's was 3 when written down.
      await admin.setOffsets({
        groupId: cut.group,
        topic: ns.topic('account.payment'),
        partitions: [{ partition: 0, offset: '2' }],
      });
      await ns.mongo.db
        .collection<{ _id: string; offsets: unknown; done: boolean }>(cut.marker)
        .insertOne({
          _id: 'seed',
          offsets: [
            { topic: ns.topic('account.payment'), partitions: [{ partition: 0, offset: '2' }] },
            { topic: ns.topic('contact.consent'), partitions: [{ partition: 0, offset: '3' }] },
          ],
          done: false,
        });
      // Since then the scheduler, run alone, read on: the seed still goes by what it wrote down.
      await admin.setOffsets({
        groupId: scheduler,
        topic: ns.topic('contact.consent'),
        partitions: [{ partition: 0, offset: '1' }],
      });
      // A fold that began with no record of a seed, its one offset equal to the scheduler's.
      await admin.setOffsets({
        groupId: begun.group,
        topic: ns.topic('account.payment'),
        partitions: [{ partition: 0, offset: '2' }],
      });
    } finally {
      await admin.disconnect();
    }

    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, cut)).toBe('seeded');
    const cutAt = await offsetsOf(cut.group);
    expect(cutAt[ns.topic('account.payment')]).toContain('0:2');
    expect(cutAt[ns.topic('contact.consent')]).toContain('0:3');
    expect(await ns.mongo.db.collection(cut.collection).countDocuments({})).toBe(
      await ns.mongo.db.collection('scheduler-accounts').countDocuments({}),
    );
    expect(await ns.mongo.db.collection(cut.marker).findOne({})).toMatchObject({ done: true });

    // Its own from its start: its consent partition stays unread, to be read from the beginning.
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, begun)).toBe('already-started');
    const consent = (await offsetsOf(begun.group))[ns.topic('contact.consent')] ?? [];
    expect(consent.every((p) => p.endsWith(':-1'))).toBe(true);
    expect(await ns.mongo.db.collection(begun.collection).countDocuments({})).toBe(0);
  });
});
