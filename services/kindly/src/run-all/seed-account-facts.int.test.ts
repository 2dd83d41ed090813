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
  const facts = () => ({ group: `${ns.prefix}account-facts`, collection: 'account-facts' });

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

    // Once started, it is its own: a later change to the scheduler's copy is not taken over.
    await scheduler.insertOne({ _id: 'acme:A-9', version: 1, tenantId: 'acme', accountId: 'A-9' });
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, facts())).toBe('already-started');
    expect(await ns.mongo.db.collection('account-facts').countDocuments({})).toBe(3);
  });

  it('finishes a seed cut short after some topics, and leaves a fold that has moved alone', async () => {
    // The scheduler's offsets are set by the test before: payment 0:2, consent 0:3.
    const cut = { group: `${ns.prefix}account-facts-cut`, collection: 'account-facts-cut' };
    const moved = { group: `${ns.prefix}account-facts-moved`, collection: 'account-facts-moved' };
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const [group, offset] of [
        [cut.group, '2'],
        [moved.group, '3'],
      ] as const) {
        await admin.setOffsets({
          groupId: group,
          topic: ns.topic('account.payment'),
          partitions: [{ partition: 0, offset }],
        });
      }
    } finally {
      await admin.disconnect();
    }

    // Its payment offset is the scheduler's own: the crash came before the consent topic's.
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, cut)).toBe('seeded');
    expect(await offsetsOf(cut.group)).toEqual(await offsetsOf(`${ns.prefix}scheduler`));
    expect(await ns.mongo.db.collection(cut.collection).countDocuments({})).toBe(4);

    // Its payment offset has moved past the scheduler's: it began on its own, and is its own.
    expect(await seedAccountFacts(kafka, ns.mongo.db, ns.prefix, moved)).toBe('already-started');
    const consent = (await offsetsOf(moved.group))[ns.topic('contact.consent')] ?? [];
    expect(consent.every((p) => p.endsWith(':-1'))).toBe(true);
    expect(await ns.mongo.db.collection(moved.collection).countDocuments({})).toBe(0);
  });
});
