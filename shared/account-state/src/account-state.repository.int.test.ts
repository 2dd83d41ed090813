import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import {
  connectWatchingCommands,
  provisionTestNamespace,
  testInfra,
  type ProvisionedNamespace,
} from '@kindly/testing';
import { recordBankEvent } from './record-bank-event.js';
import { createAccountStateRepository } from './account-state.repository.js';

const WRITERS = 6;

describe('account states in MongoDB', () => {
  let ns: ProvisionedNamespace;
  let connections: MongoConnection[];

  beforeAll(async () => {
    ns = await provisionTestNamespace('account-state');
    connections = await Promise.all(
      Array.from({ length: WRITERS }, () =>
        connectMongo({ uri: testInfra().mongoUri, database: ns.database, appName: 'test' }),
      ),
    );
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close()));
    await ns?.cleanup();
  });

  it('loses no update when several replicas record events of one account at once', async () => {
    const base = sampleEvents['account.status'];
    const flags = [
      'dispute',
      'bankruptcy',
      'deceased',
      'legal-hold',
      'charged-off',
      'attorney-represented',
    ] as const;
    const events: EventOf<'account.status'>[] = flags.map((flag, i) => ({
      ...base,
      eventId: `status-${i}`,
      occurredAt: `2026-03-0${i + 1}T00:00:00Z`,
      payload: {
        accountId: 'acct-race',
        set: [flag],
        cleared: [],
        effectiveAt: `2026-03-0${i + 1}T00:00:00Z`,
      },
    }));
    const results = await Promise.all(
      events.map((event, i) =>
        recordBankEvent(createAccountStateRepository(connections[i]!.db), event),
      ),
    );
    expect(results.every((r) => r.recorded)).toBe(true);

    const stored = await createAccountStateRepository(ns.mongo.db).load(base.tenantId, 'acct-race');
    expect(stored.version).toBe(WRITERS);
    for (const flag of flags) expect(stored.state.flags[flag]?.active, flag).toBe(true);
  });

  it('records an event once, and skips an older one as stale', async () => {
    const store = createAccountStateRepository(ns.mongo.db);
    const newer = {
      ...sampleEvents['account.overdue'],
      eventId: 'o-new',
      occurredAt: '2026-03-05T00:00:00Z',
    };
    const older = {
      ...sampleEvents['account.overdue'],
      eventId: 'o-old',
      occurredAt: '2026-03-04T00:00:00Z',
    };
    expect(await recordBankEvent(store, newer)).toMatchObject({ recorded: true });
    expect(await recordBankEvent(store, newer)).toMatchObject({
      recorded: false,
      reason: 'DUPLICATE',
    });
    expect(await recordBankEvent(store, older)).toMatchObject({
      recorded: false,
      reason: 'STALE_EVENT',
    });
  });

  it('sends the loads and the saves of many accounts handled at once together', async () => {
    const monitored = await connectWatchingCommands(ns.database, 'accounts');
    const { commands } = monitored;
    try {
      const store = createAccountStateRepository(monitored.db);
      const events = Array.from({ length: 40 }, (_, i) => ({
        ...sampleEvents['account.overdue'],
        eventId: `batched-${i}`,
        payload: { ...sampleEvents['account.overdue'].payload, accountId: `acct-batched-${i}` },
      }));
      const first = await Promise.all(events.map((event) => recordBankEvent(store, event)));
      expect(first.every((r) => r.recorded)).toBe(true);
      // One find for the 40 loads, one insert for the 40 first saves: not 40 of each.
      expect(commands.sort()).toEqual(['find', 'insert']);

      commands.length = 0;
      const later = events.map((event, i) => ({
        ...event,
        eventId: `batched-later-${i}`,
        occurredAt: '2026-12-01T00:00:00Z',
      }));
      const second = await Promise.all(later.map((event) => recordBankEvent(store, event)));
      expect(second.every((r) => r.recorded)).toBe(true);
      expect(commands.sort()).toEqual(['find', 'update']);
    } finally {
      await monitored.close();
    }
  });

  it('of two saves of one account sent together, exactly one takes effect', async () => {
    const store = createAccountStateRepository(ns.mongo.db);
    const { state } = await store.load('bank-1', 'acct-twice');
    const inserted = await Promise.all([store.save(state, 0), store.save(state, 0)]);
    expect(inserted.filter(Boolean)).toHaveLength(1);

    const replaced = await Promise.all([store.save(state, 1), store.save(state, 1)]);
    expect(replaced.filter(Boolean)).toHaveLength(1);
    expect((await store.load('bank-1', 'acct-twice')).version).toBe(2);
    // A save that read an older version changes nothing, also alongside one that succeeds.
    const mixed = await Promise.all([store.save(state, 1), store.save(state, 2)]);
    expect(mixed).toEqual([false, true]);
  });
});
