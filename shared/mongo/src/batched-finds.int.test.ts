import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWatchingCommands,
  provisionTestNamespace,
  type ProvisionedNamespace,
} from '@kindly/testing';
import { createBatchedFinds } from './batched-finds.js';

describe('lookups by _id gathered into one find', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('batched-finds');
    await ns.mongo.db
      .collection<{ _id: string; n: number }>('things')
      .insertMany(Array.from({ length: 20 }, (_, n) => ({ _id: `t-${n}`, n })));
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('answers each caller, the missing with null, in one command', async () => {
    const monitored = await connectWatchingCommands(ns.database, 'things');
    const { commands } = monitored;
    try {
      const reads = createBatchedFinds(
        monitored.db.collection<{ _id: string; n: number }>('things'),
      );
      const ids = ['t-3', 't-3', 'missing', ...Array.from({ length: 20 }, (_, n) => `t-${n}`)];
      const found = await Promise.all(ids.map((id) => reads.findById(id)));
      expect(found.map((d) => d?.n ?? null)).toEqual([
        3,
        3,
        null,
        ...Array.from({ length: 20 }, (_, n) => n),
      ]);
      expect(commands).toEqual(['find']);
    } finally {
      await monitored.close();
    }
  });
});
