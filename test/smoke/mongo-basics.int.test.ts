import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoServerError } from 'mongodb';
import { isDuplicateKeyError, DUPLICATE_KEY, describeMongoServer } from '@kindly/mongo';
import {
  itWhenMongoSupports,
  provisionTestNamespace,
  testInfra,
  type ProvisionedNamespace,
} from '@kindly/testing';

const infra = testInfra();

describe(`a real MongoDB-wire server (${infra.mongoProduct})`, () => {
  let ns: ProvisionedNamespace;

  beforeAll(async () => {
    ns = await provisionTestNamespace('mongo-smoke');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('names the server and version it talks to', async () => {
    const server = await describeMongoServer(ns.mongo.client);
    console.log(
      `[smoke] MongoDB-wire server: ${server.product} (speaks MongoDB ${server.version})`,
    );
    expect(server.version).toMatch(/^\d+\.\d+/);
  });

  it('inserts and finds documents by an indexed field', async () => {
    const outreach = ns.mongo.db.collection<{ messageId: string; state: string; releaseAt: Date }>(
      'outreach',
    );
    await outreach.insertMany([
      { messageId: 'm-1', state: 'waiting', releaseAt: new Date('2026-11-22T09:00:00Z') },
      { messageId: 'm-2', state: 'waiting', releaseAt: new Date('2026-11-22T08:00:00Z') },
      { messageId: 'm-3', state: 'released', releaseAt: new Date('2026-11-22T07:00:00Z') },
    ]);
    const due = await outreach
      .find({ state: 'waiting', releaseAt: { $lte: new Date('2026-11-22T10:00:00Z') } })
      .sort({ releaseAt: 1 })
      .toArray();
    expect(due.map((d) => d.messageId)).toEqual(['m-2', 'm-1']);
    const indexes = await outreach.listIndexes().toArray();
    expect(indexes.map((i: { name?: string }) => i.name)).toEqual(
      expect.arrayContaining(['message', 'due', 'account-cycle']),
    );
  });

  it('reports a unique-index violation as a duplicate key', async () => {
    const processed = ns.mongo.db.collection('processed');
    await processed.insertOne({ consumer: 'smoke', eventId: 'e-1' });
    const error: unknown = await processed.insertOne({ consumer: 'smoke', eventId: 'e-1' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MongoServerError);
    expect((error as MongoServerError).code).toBe(DUPLICATE_KEY);
    expect(isDuplicateKeyError(error)).toBe(true);
    expect(await processed.countDocuments({ consumer: 'smoke', eventId: 'e-1' })).toBe(1);
  });

  it('does not mistake another write error for a duplicate key', async () => {
    const error: unknown = await ns.mongo.db
      .collection('processed')
      .updateOne({ consumer: 'smoke' }, { $inc: { eventId: 1 } })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(MongoServerError);
    expect(isDuplicateKeyError(error)).toBe(false);
  });

  // Kindly itself never relies on TTL indexes (the Docker-less server lacks them); this shows how a
  // MongoDB-only check is skipped, and counted, on that server.
  itWhenMongoSupports('ttl-index')('accepts a TTL index on real MongoDB', async () => {
    const name = await ns.mongo.db
      .collection('scratch')
      .createIndex({ at: 1 }, { expireAfterSeconds: 60 });
    expect(name).toBe('at_1');
  });
});
