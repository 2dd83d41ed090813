import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWatchingCommands,
  provisionTestNamespace,
  type ProvisionedNamespace,
} from '@kindly/testing';
import { createBatchedInserts } from './batched-inserts.js';

interface Claim {
  _id: string;
  slot: string;
}

describe('inserts gathered into one insertMany', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('batched-inserts');
    await ns.mongo.db.collection<Claim>('claims').createIndex({ slot: 1 }, { unique: true });
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('tells each caller whether its document went in or its key was taken, in one command', async () => {
    await ns.mongo.db.collection<Claim>('claims').insertOne({ _id: 'old', slot: 's-taken' });
    const monitored = await connectWatchingCommands(ns.database, 'claims');
    const { commands } = monitored;
    try {
      const inserts = createBatchedInserts(monitored.db.collection<Claim>('claims'));
      const results = await Promise.all([
        inserts.insertOne({ _id: 'a', slot: 's-a' }),
        inserts.insertOne({ _id: 'b', slot: 's-taken' }), // another document holds the slot
        inserts.insertOne({ _id: 'old', slot: 's-old' }), // the _id is taken
        inserts.insertOne({ _id: 'c', slot: 's-c' }),
        inserts.insertOne({ _id: 'd', slot: 's-a' }), // the first of the batch took the slot
      ]);
      expect(results).toEqual(['inserted', 'duplicate', 'duplicate', 'inserted', 'duplicate']);
      expect(commands).toEqual(['insert']);
    } finally {
      await monitored.close();
    }
  });
});
