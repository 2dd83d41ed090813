import { describe, expect, it } from 'vitest';
import type { ActionLog } from '../actions/action-log.js';
import type { Principal } from '../http/principal.js';
import type { StoredDeadLetter } from './dead-letters.repository.js';
import {
  REPLAY_LEASE_MS,
  ReplayNotRecorded,
  idsWithin,
  replayDeadLetters,
  type ReplayDeps,
} from './replay-dead-letters.js';

const AT = new Date('2027-03-01T10:00:00Z');
const ME: Principal = { keyId: 'cli', label: 'command line (test)', role: 'admin' };
const iso = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Row {
  letter: StoredDeadLetter;
  replayedAt?: string;
  claimedAt?: string;
  claimedBy?: string;
}

/** The repository's replay semantics in memory: a lease, confirmed once written. */
function memoryLetters(count: number) {
  const rows = new Map<string, Row>();
  for (let i = 1; i <= count; i++) {
    const id = `dlq:0:${i}`;
    rows.set(id, {
      letter: {
        id,
        topic: 'account.overdue.v1',
        originalTopic: 't.account.overdue.v1',
        reason: 'MALFORMED_JSON',
        detail: 'not JSON',
        service: 'planner',
        at: iso(AT),
        headers: {},
      },
    });
  }
  const claimable = (row: Row, staleBefore: string) =>
    row.replayedAt === undefined && (row.claimedAt === undefined || row.claimedAt < staleBefore);
  const deadLetters: ReplayDeps['deadLetters'] = {
    toReplay: async (query) =>
      [...rows.values()]
        .filter((row) => claimable(row, query.staleBefore))
        .filter((row) => query.ids === undefined || query.ids.includes(row.letter.id))
        .slice(0, query.limit)
        .map((row) => row.letter),
    claimReplay: async (id, by, at, staleBefore) => {
      const row = rows.get(id)!;
      if (!claimable(row, staleBefore)) return false;
      Object.assign(row, { claimedAt: at, claimedBy: by });
      return true;
    },
    confirmReplay: async (id, _by, at) => {
      const row = rows.get(id)!;
      row.replayedAt ??= at;
      delete row.claimedAt;
      delete row.claimedBy;
    },
    releaseReplay: async (id, by, claimedAt) => {
      const row = rows.get(id)!;
      if (row.claimedBy === by && row.claimedAt === claimedAt) {
        delete row.claimedAt;
        delete row.claimedBy;
      }
    },
  };
  return { rows, deadLetters };
}

function deps(
  deadLetters: ReplayDeps['deadLetters'],
  options: { failWriteOf?: string; failRecord?: boolean } = {},
) {
  const written: string[] = [];
  const records: string[] = [];
  const details: (Readonly<Record<string, string>> | undefined)[] = [];
  const actions: ActionLog = {
    record: async (_principal, action) => {
      if (options.failRecord) throw new Error('Kafka went away');
      records.push(action.reason ?? '');
      details.push(action.details);
    },
  };
  const replay: ReplayDeps = {
    deadLetters,
    actions,
    newActionId: () => 'action-1',
    rewrite: async (record) => {
      if (record.topic === options.failWriteOf) throw new Error('Kafka went away');
      written.push(record.topic);
    },
  };
  return { replay, written, records, details };
}

const request = { limit: 10, reason: 'the exporter was fixed' };

describe('replayDeadLetters', () => {
  it('confirms a letter replayed only once it was written back', async () => {
    const store = memoryLetters(2);
    const { replay, written, records, details } = deps(store.deadLetters);
    const outcome = await replayDeadLetters(replay, request, ME, AT);
    expect(outcome).toEqual({ replayed: 2, ids: ['dlq:0:1', 'dlq:0:2'], stopped: false });
    expect(details).toEqual([{ ids: 'dlq:0:1 dlq:0:2' }]);
    expect(written).toHaveLength(2);
    expect([...store.rows.values()].map((r) => [r.replayedAt, r.claimedAt])).toEqual([
      [iso(AT), undefined],
      [iso(AT), undefined],
    ]);
    expect(records).toEqual(['the exporter was fixed (2 replayed)']);
  });

  it('skips a letter another replay claimed (its lease is fresh)', async () => {
    const store = memoryLetters(2);
    const { replay, written } = deps({
      ...store.deadLetters,
      // Another replay leases the first letter between the choice and the claim.
      toReplay: async (query) => {
        const chosen = await store.deadLetters.toReplay(query);
        store.rows.get('dlq:0:1')!.claimedAt = iso(AT);
        return chosen;
      },
    });
    const outcome = await replayDeadLetters(replay, request, ME, AT);
    expect(outcome.ids).toEqual(['dlq:0:2']);
    expect(written).toHaveLength(1);
    expect(store.rows.get('dlq:0:1')!.replayedAt).toBeUndefined();
  });

  it('gives the lease back when the write fails, and records what was written before', async () => {
    const store = memoryLetters(2);
    store.rows.get('dlq:0:2')!.letter = {
      ...store.rows.get('dlq:0:2')!.letter,
      originalTopic: 'broken',
    };
    const { replay, records } = deps(store.deadLetters, { failWriteOf: 'broken' });
    await expect(replayDeadLetters(replay, request, ME, AT)).rejects.toThrow('Kafka went away');
    expect(store.rows.get('dlq:0:1')!.replayedAt).toBe(iso(AT));
    const failed = store.rows.get('dlq:0:2')!;
    expect([failed.replayedAt, failed.claimedAt]).toEqual([undefined, undefined]);
    expect(records).toEqual(['the exporter was fixed (1 replayed)']);
  });

  it('says how many were written back, with their ids, when the audit record fails', async () => {
    const store = memoryLetters(2);
    const { replay } = deps(store.deadLetters, { failRecord: true });
    const failure = await replayDeadLetters(replay, request, ME, AT).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ReplayNotRecorded);
    expect((failure as ReplayNotRecorded).ids).toEqual(['dlq:0:1', 'dlq:0:2']);
    expect((failure as Error).message).toMatch(/^2 dead letters were written back/);
  });

  it('claims again a letter whose lease went stale (a replay stopped between claim and write)', async () => {
    const store = memoryLetters(1);
    const stopped = store.rows.get('dlq:0:1')!;
    stopped.claimedAt = iso(new Date(AT.getTime() - REPLAY_LEASE_MS - 1000));
    stopped.claimedBy = 'cli';
    const { replay, written } = deps(store.deadLetters);
    expect((await replayDeadLetters(replay, request, ME, AT)).ids).toEqual(['dlq:0:1']);
    expect(written).toHaveLength(1);
    // A fresh lease is left alone.
    const fresh = memoryLetters(1);
    fresh.rows.get('dlq:0:1')!.claimedAt = iso(new Date(AT.getTime() - 1000));
    const again = deps(fresh.deadLetters);
    expect((await replayDeadLetters(again.replay, request, ME, AT)).replayed).toBe(0);
  });

  it('stops before the next letter when asked, recording those written back', async () => {
    const store = memoryLetters(3);
    const { replay, records } = deps(store.deadLetters);
    let handled = 0;
    const outcome = await replayDeadLetters(
      replay,
      request,
      ME,
      AT,
      { chosen() {}, handled: (done) => (handled = done) },
      () => handled >= 1,
    );
    expect(outcome).toEqual({ replayed: 1, ids: ['dlq:0:1'], stopped: true });
    expect(store.rows.get('dlq:0:2')!.claimedAt).toBeUndefined();
    expect(records).toEqual(['the exporter was fixed (1 replayed)']);
  });

  it('lists the ids replayed in the audit record, as many as its 200 characters hold', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `account.overdue.v1.dlq:0:${i}`);
    const text = idsWithin(ids, 200);
    expect(text.length).toBeLessThanOrEqual(200);
    expect(text).toMatch(
      /^account\.overdue\.v1\.dlq:0:0 account\.overdue\.v1\.dlq:0:1 .* \+\d+ more$/,
    );
    const shown = text.split(' ').filter((part) => part.includes('dlq')).length;
    expect(text).toContain(`+${30 - shown} more`);
    expect(idsWithin(['a', 'b'], 200)).toBe('a b');
  });
});
