import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';

const infra = testInfra();
const CLIENTS = 6;

interface Job {
  _id: string;
  state: string;
  leaseUntil: Date | null;
  owner?: string;
}

// Leases, caps and exactly-once sends rely on MongoDB's single-document atomicity: a conditional
// update either sees the document as it is and changes it, or does not match. FerretDB 1.x alone
// breaks this under concurrency; infra/local's runner restores it (serializer.go). This proves
// the server the tests use keeps the guarantee, with several clients as several replicas would.
describe(`single-document atomicity on ${infra.mongoProduct}`, () => {
  let ns: ProvisionedNamespace;
  let clients: MongoClient[];

  beforeAll(async () => {
    ns = await provisionTestNamespace('atomicity');
    clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => new MongoClient(infra.mongoUri).connect()),
    );
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await ns?.cleanup();
  });

  it('lets exactly one of several racing clients claim a lease', async () => {
    const jobs = clients.map((c) => c.db(ns.database).collection<Job>('race-jobs'));
    for (let round = 0; round < 20; round++) {
      const now = new Date();
      const id = `job-${round}`;
      await jobs[0]!.insertOne({ _id: id, state: 'due', leaseUntil: null });
      const claims = await Promise.all(
        jobs.map((job, i) =>
          job.findOneAndUpdate(
            { _id: id, state: 'due', $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }] },
            { $set: { owner: `replica-${i}`, leaseUntil: new Date(now.getTime() + 30_000) } },
            { returnDocument: 'after' },
          ),
        ),
      );
      const winners = claims.filter((claim) => claim !== null);
      expect(winners, `round ${round}`).toHaveLength(1);
      const stored = await jobs[0]!.findOne({ _id: id });
      expect(stored?.owner).toBe(winners[0]?.owner);
    }
  });

  it('loses no increment when many clients update one document at once', async () => {
    const counters = clients.map((c) =>
      c.db(ns.database).collection<{ _id: string; n: number }>('race-counters'),
    );
    await counters[0]!.insertOne({ _id: 'sends', n: 0 });
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        counters[i % CLIENTS]!.updateOne({ _id: 'sends' }, { $inc: { n: 1 } }),
      ),
    );
    expect((await counters[0]!.findOne({ _id: 'sends' }))?.n).toBe(200);
  });
});
