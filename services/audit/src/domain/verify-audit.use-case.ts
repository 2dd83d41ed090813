/**
 * Verification of the whole audit: every account's chain (each link's hash, its place, its
 * body's hash), the anchors (their own chain, consecutive periods, and each period's root and
 * count recomputed from the records now in store), and the records not yet anchored (a period
 * that ended longer than the grace ago without an anchor means an anchor is missing).
 *
 * Together: an edited record breaks its link; a reordered chain breaks its sequence; a deleted
 * tail or a deleted chain changes its period's root and count; a deleted or edited anchor breaks
 * the anchors' chain or leaves a period without one.
 */
import { ChainWalker, type BrokenLink } from './audit-chain.js';
import { periodOf, verifyAnchors, type Anchor, type BrokenAnchor } from './anchors.js';
import type { AuditRecord } from './ports.js';

export interface AuditReader {
  /** Every record, ordered by tenant, account and sequence number. */
  chains(): AsyncIterable<AuditRecord & { readonly expired?: boolean }>;
  anchors(): AsyncIterable<Anchor>;
  recordHashesIn(period: { readonly start: number; readonly end: number }): Promise<string[]>;
  /** Records kept at or after an instant: how many, and when the earliest was kept. */
  recordedSince(ms: number): Promise<{ readonly count: number; readonly earliestMs?: number }>;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly accounts: number;
  readonly records: number;
  /** The first broken link of each broken chain (at most `maxReported`). */
  readonly brokenChains: readonly BrokenLink[];
  readonly brokenChainCount: number;
  readonly anchorsChecked: number;
  readonly brokenAnchor: BrokenAnchor | undefined;
  /** Records kept after the last anchored period. */
  readonly unanchoredRecords: number;
  /** A period that should have an anchor by now has none. */
  readonly missingAnchor: { readonly periodStart: string } | undefined;
}

export async function verifyAudit(
  reader: AuditReader,
  options: {
    readonly nowMs: number;
    readonly periodMinutes: number;
    readonly graceMs: number;
    readonly maxReported?: number;
  },
): Promise<VerifyReport> {
  const maxReported = options.maxReported ?? 100;
  const brokenChains: BrokenLink[] = [];
  let brokenChainCount = 0;
  let accounts = 0;
  let records = 0;
  let walker: ChainWalker | undefined;
  let current: { tenantId: string; accountId: string } | undefined;
  // Records whose body retention removed, waiting for the record of that expiry further on.
  let removed: number[] = [];
  const close = () => {
    let broken = walker?.broken;
    if (!broken && current && removed.length > 0) {
      broken = { ...current, seq: removed[0]!, reason: 'BODY_MISSING' };
    }
    if (broken) {
      brokenChainCount += 1;
      if (brokenChains.length < maxReported) brokenChains.push(broken);
    }
  };
  for await (const record of reader.chains()) {
    records += 1;
    if (current?.tenantId !== record.tenantId || current.accountId !== record.accountId) {
      close();
      current = { tenantId: record.tenantId, accountId: record.accountId };
      accounts += 1;
      removed = [];
      // A body may be absent only where retention removed it, and said so later in the chain.
      walker = new ChainWalker((r) => (r as { expired?: boolean }).expired === true);
    }
    if (!walker!.next(record)) continue;
    if (record.body === undefined) removed.push(record.seq);
    else if (record.body.type === 'audit.expired') {
      const through = (record.body.payload as { throughSeq?: unknown }).throughSeq;
      if (typeof through === 'number') removed = removed.filter((seq) => seq > through);
    }
  }
  close();

  const anchors = await verifyAnchors(reader.anchors(), (period) => reader.recordHashesIn(period));
  const since = anchors.last ? Date.parse(anchors.last.periodEnd) : 0;
  const unanchored = await reader.recordedSince(since);
  let missingAnchor: VerifyReport['missingAnchor'];
  if (unanchored.earliestMs !== undefined && !anchors.broken) {
    const period = periodOf(unanchored.earliestMs, options.periodMinutes);
    // Allow one round of the anchoring loop on top of the grace.
    if (period.end + options.graceMs * 2 < options.nowMs) {
      missingAnchor = { periodStart: new Date(period.start).toISOString() };
    }
  }
  return {
    ok: brokenChainCount === 0 && !anchors.broken && !missingAnchor,
    accounts,
    records,
    brokenChains,
    brokenChainCount,
    anchorsChecked: anchors.checked,
    brokenAnchor: anchors.broken,
    unanchoredRecords: unanchored.count,
    missingAnchor,
  };
}
