import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWatchingCommands,
  provisionTestNamespace,
  type ProvisionedNamespace,
} from '@kindly/testing';
import { createBatchedUpdates } from './batched-updates.js';

interface Counter {
  _id: string;
  n: number;
}

describe('updates gathered into one bulk write', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('batched-updates');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('sends the updates made at once as one command, and applies each', async () => {
    const monitored = await connectWatchingCommands(ns.database, 'counters');
    const { commands } = monitored;
    try {
      const updates = createBatchedUpdates(monitored.db.collection<Counter>('counters'));
      await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          updates.updateOne({ _id: `c-${i}` }, { $inc: { n: 1 } }, { upsert: true }),
        ),
      );
      expect(commands).toEqual(['update']);
      const stored = await monitored.db.collection<Counter>('counters').find({}).toArray();
      expect(stored).toHaveLength(25);
      expect(stored.every((c) => c.n === 1)).toBe(true);
    } finally {
      await monitored.close();
    }
  });

  it('applies two first upserts of one document both, the second to what the first made', async () => {
    const collection = ns.mongo.db.collection<Counter>('counters-race');
    const updates = createBatchedUpdates(collection);
    await Promise.all([
      updates.updateOne({ _id: 'same' }, { $inc: { n: 1 } }, { upsert: true }),
      updates.updateOne({ _id: 'same' }, { $inc: { n: 1 } }, { upsert: true }),
    ]);
    expect(await collection.findOne({ _id: 'same' })).toEqual({ _id: 'same', n: 2 });
  });

  it('fails only the update that failed, without quoting the document', async () => {
    const collection = ns.mongo.db.collection<Counter>('counters-fail');
    await ns.mongo.db
      .collection<{ _id: string; n: string }>('counters-fail')
      .insertOne({ _id: 'text', n: 'not a number' });
    const updates = createBatchedUpdates(collection);
    const results = await Promise.allSettled([
      updates.updateOne({ _id: 'text' }, { $inc: { n: 1 } }),
      updates.updateOne({ _id: 'fine' }, { $inc: { n: 1 } }, { upsert: true }),
    ]);
    expect(results[0]?.status).toBe('rejected');
    if (results[0]?.status === 'rejected') {
      expect(String(results[0].reason)).not.toMatch(/not a number/);
    }
    expect(results[1]?.status).toBe('fulfilled');
    expect(await collection.findOne({ _id: 'fine' })).toEqual({ _id: 'fine', n: 1 });
  });
});
