/**
 * Each kind of tampering, done to an audit held in arrays (the storage is the integration test's
 * business): an edit, a reorder, a deleted tail, a deleted chain, a deleted or edited anchor.
 */
import { sampleEvents } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { chainNext, type ChainedRecord } from './audit-chain.js';
import { nextAnchor, periodOf, type Anchor } from './anchors.js';
import type { AuditBody } from './audit-body.js';
import type { AuditRecord } from './ports.js';
import { verifyAudit, type AuditReader } from './verify-audit.use-case.js';

const PERIOD_MINUTES = 60;
const GRACE_MS = 60_000;
const T0 = Date.parse('2026-03-04T10:00:00Z');

function body(n: number): AuditBody {
  return {
    eventId: `event-${n}`,
    type: 'outreach.suppressed',
    schemaVersion: '1.0.0',
    occurredAt: new Date(T0 + n * 1_000).toISOString(),
    correlationId: 'cycle-1',
    causationId: null,
    payload: sampleEvents['outreach.suppressed'].payload,
  };
}

/** Two accounts, three records each, kept across two periods, and both periods anchored. */
async function cleanAudit(): Promise<{ records: AuditRecord[]; anchors: Anchor[] }> {
  const records: AuditRecord[] = [];
  for (const accountId of ['acc-1', 'acc-2']) {
    let end: ChainedRecord<AuditBody> | undefined;
    for (let i = 0; i < 3; i++) {
      // Record i of each account kept at 10:10, 10:50 and 11:10: periods 10:00 and 11:00.
      const at = new Date(T0 + [10, 50, 70][i]! * 60_000).toISOString();
      end = chainNext({ tenantId: 'bank', accountId }, body(records.length), at, end);
      records.push({ ...end, addressKeys: [] });
    }
  }
  const anchors: Anchor[] = [];
  for (const start of [T0, T0 + 3_600_000]) {
    const period = periodOf(start, PERIOD_MINUTES);
    anchors.push(await nextAnchor(anchors.at(-1), period, hashesIn(records, period)));
  }
  return { records, anchors };
}

function hashesIn(records: readonly AuditRecord[], period: { start: number; end: number }) {
  return records
    .filter(
      (r) => Date.parse(r.recordedAt) >= period.start && Date.parse(r.recordedAt) < period.end,
    )
    .map((r) => r.hash);
}

function reader(records: readonly AuditRecord[], anchors: readonly Anchor[]): AuditReader {
  const sorted = [...records].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.seq - b.seq,
  );
  return {
    chains: async function* () {
      yield* sorted;
    },
    anchors: async function* () {
      yield* anchors;
    },
    recordHashesIn: (period) => hashesIn(records, period),
    evidenceIds: async () => new Set<string>(),
    recordedSince: async (ms) => {
      const times = records.map((r) => Date.parse(r.recordedAt)).filter((t) => t >= ms);
      return times.length > 0
        ? { count: times.length, earliestMs: Math.min(...times) }
        : { count: 0 };
    },
  };
}

const verify = (records: readonly AuditRecord[], anchors: readonly Anchor[]) =>
  verifyAudit(reader(records, anchors), {
    nowMs: T0 + 3 * 3_600_000,
    periodMinutes: PERIOD_MINUTES,
    graceMs: GRACE_MS,
    minRetentionYears: 3,
  });

describe('verifyAudit', () => {
  it('finds a clean audit whole', async () => {
    const { records, anchors } = await cleanAudit();
    const report = await verify(records, anchors);
    expect(report).toMatchObject({ ok: true, accounts: 2, records: 6, anchorsChecked: 2 });
    expect(report.brokenChains).toEqual([]);
  });

  it('reports each chain as it is verified, a broken one too', async () => {
    const { records, anchors } = await cleanAudit();
    const edited = records.map((r, i) =>
      i === 1 ? { ...r, body: { ...r.body!, occurredAt: '2026-03-01T00:00:00.000Z' } } : r,
    );
    const verified: number[] = [];
    await verifyAudit(reader(edited, anchors), {
      nowMs: T0 + 3 * 3_600_000,
      periodMinutes: PERIOD_MINUTES,
      graceMs: GRACE_MS,
      minRetentionYears: 3,
      onChainVerified: (chains) => verified.push(chains),
    });
    expect(verified).toEqual([1, 2]);
  });

  it('reports no chain in an empty audit', async () => {
    const verified: number[] = [];
    await verifyAudit(reader([], []), {
      nowMs: T0,
      periodMinutes: PERIOD_MINUTES,
      graceMs: GRACE_MS,
      minRetentionYears: 3,
      onChainVerified: (chains) => verified.push(chains),
    });
    expect(verified).toEqual([]);
  });

  it('finds an edited body at its record', async () => {
    const { records, anchors } = await cleanAudit();
    const edited = records.map((r, i) =>
      i === 1 ? { ...r, body: { ...r.body!, occurredAt: '2026-03-01T00:00:00.000Z' } } : r,
    );
    const report = await verify(edited, anchors);
    expect(report.ok).toBe(false);
    expect(report.brokenChains).toEqual([
      { tenantId: 'bank', accountId: 'acc-1', seq: 2, reason: 'BODY_HASH_MISMATCH' },
    ]);
  });

  it('finds an edit that recomputed the record’s own hashes at the next link', async () => {
    const { records, anchors } = await cleanAudit();
    const forged = chainNext(
      { tenantId: 'bank', accountId: 'acc-1' },
      { ...records[1]!.body!, occurredAt: '2026-03-01T00:00:00.000Z' },
      records[1]!.recordedAt,
      records[0],
    );
    const edited = records.map((r, i) => (i === 1 ? { ...forged, addressKeys: [] } : r));
    const report = await verify(edited, anchors);
    expect(report.brokenChains[0]).toMatchObject({ seq: 3, reason: 'PREVIOUS_HASH_MISMATCH' });
    // And the anchor of its period no longer matches either.
    expect(report.brokenAnchor).toMatchObject({ seq: 1, reason: 'ANCHOR_ROOT_MISMATCH' });
  });

  it('finds a reorder', async () => {
    const { records, anchors } = await cleanAudit();
    const swapped = records.map((r, i) =>
      i === 0 ? { ...records[1]!, seq: 1 } : i === 1 ? { ...records[0]!, seq: 2 } : r,
    );
    const report = await verify(swapped, anchors);
    expect(report.brokenChains[0]).toMatchObject({ accountId: 'acc-1', seq: 1 });
    expect(report.ok).toBe(false);
  });

  it('finds a deleted tail by its period’s anchor', async () => {
    const { records, anchors } = await cleanAudit();
    const report = await verify(records.slice(0, 5), anchors); // acc-2's last record gone
    expect(report.brokenChains).toEqual([]); // the chain alone cannot tell
    expect(report.brokenAnchor).toEqual({
      seq: 2,
      periodStart: '2026-03-04T11:00:00.000Z',
      reason: 'ANCHOR_COUNT_MISMATCH',
      recordsFound: 1,
    });
    expect(report.ok).toBe(false);
  });

  it('finds a deleted chain by its periods’ anchors', async () => {
    const { records, anchors } = await cleanAudit();
    const report = await verify(
      records.filter((r) => r.accountId !== 'acc-1'),
      anchors,
    );
    expect(report.brokenChains).toEqual([]);
    expect(report.brokenAnchor).toMatchObject({ seq: 1, reason: 'ANCHOR_COUNT_MISMATCH' });
  });

  it('finds a deleted anchor in the middle, and a deleted last anchor', async () => {
    const { records, anchors } = await cleanAudit();
    const middle = await verify(records, [anchors[1]!]);
    expect(middle.brokenAnchor).toMatchObject({ seq: 2, reason: 'ANCHOR_SEQUENCE_GAP' });
    const last = await verify(records, [anchors[0]!]);
    expect(last.brokenAnchor).toBeUndefined();
    expect(last.missingAnchor).toEqual({ periodStart: '2026-03-04T11:00:00.000Z' });
    expect(last.ok).toBe(false);
  });

  it('finds an edited anchor', async () => {
    const { records, anchors } = await cleanAudit();
    const edited = [{ ...anchors[0]!, records: 99 }, anchors[1]!];
    const report = await verify(records, edited);
    expect(report.brokenAnchor).toMatchObject({ seq: 1, reason: 'ANCHOR_HASH_MISMATCH' });
  });

  it('does not count records of a period still within its grace as missing an anchor', async () => {
    const { records, anchors } = await cleanAudit();
    const report = await verifyAudit(reader(records, [anchors[0]!]), {
      nowMs: T0 + 2 * 3_600_000 + GRACE_MS, // 11:00's period just ended
      periodMinutes: PERIOD_MINUTES,
      graceMs: GRACE_MS,
      minRetentionYears: 3,
    });
    expect(report).toMatchObject({ ok: true, unanchoredRecords: 2, missingAnchor: undefined });
  });
});
