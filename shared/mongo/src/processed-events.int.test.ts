import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectWatchingCommands,
  provisionTestNamespace,
  type ProvisionedNamespace,
} from '@kindly/testing';
import { createProcessedEvents } from './processed-events.js';

const NOW = new Date('2026-12-06T12:00:00Z');

describe('events handled once per consumer', () => {
  let ns: ProvisionedNamespace;
  beforeAll(async () => {
    ns = await provisionTestNamespace('processed-events');
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('runs an effect once per event id, and again for another consumer', async () => {
    const tracker = createProcessedEvents(ns.mongo.db, 'tracker');
    const runs: string[] = [];
    const effect = (label: string) => async () => {
      runs.push(label);
      return label;
    };
    expect(await tracker.once('e-1', NOW, effect('first'))).toEqual({ ran: true, result: 'first' });
    expect(await tracker.once('e-1', NOW, effect('again'))).toEqual({ ran: false });
    const other = createProcessedEvents(ns.mongo.db, 'escalation');
    expect(await other.once('e-1', NOW, effect('other'))).toMatchObject({ ran: true });
    expect(runs).toEqual(['first', 'other']);
  });

  it('looks up and records the events handled at once in one command each', async () => {
    const monitored = await connectWatchingCommands(ns.database, 'processed');
    const { commands } = monitored;
    try {
      const once = createProcessedEvents(monitored.db, 'dispatcher');
      const ids = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
      // The same event twice among them (a redelivery racing the first delivery): recorded once.
      const results = await Promise.all(
        [...ids, 'batch-0'].map((id) => once.once(id, NOW, async () => id)),
      );
      expect(results.every((r) => r.ran)).toBe(true);
      expect(commands.sort()).toEqual(['find', 'insert']);
      const stored = await monitored.db
        .collection('processed')
        .countDocuments({ consumer: 'dispatcher' });
      expect(stored).toBe(30);
    } finally {
      await monitored.close();
    }
  });
});
