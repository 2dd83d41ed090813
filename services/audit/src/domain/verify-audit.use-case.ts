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
import { AccountChainRules, type AccountRuleBreak } from './account-chain-rules.js';
import { ChainWalker, type BrokenLink } from './audit-chain.js';
import {
  periodOf,
  verifyAnchors,
  type Anchor,
  type BrokenAnchor,
  type PeriodHashes,
} from './anchors.js';
import type { AuditRecord } from './ports.js';

export interface AuditReader {
  /** Every record, ordered by tenant, account and sequence number. */
  chains(): AsyncIterable<AuditRecord & { readonly expired?: boolean }>;
  anchors(): AsyncIterable<Anchor>;
  recordHashesIn(period: { readonly start: number; readonly end: number }): PeriodHashes;
  /** Records kept at or after an instant: how many, and when the earliest was kept. */
  recordedSince(ms: number): Promise<{ readonly count: number; readonly earliestMs?: number }>;
  /** The ids of the sealed evidence in store. */
  evidenceIds(): Promise<ReadonlySet<string>>;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly accounts: number;
  readonly records: number;
  /** The first broken link of each broken chain (at most `maxReported`). */
  readonly brokenChains: readonly (Omit<BrokenLink, 'reason'> & {
    readonly reason: BrokenLink['reason'] | AccountRuleBreak;
  })[];
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
    /** The retention policy's shortest class: no expiry may come sooner. */
    readonly minRetentionYears: number;
    readonly maxReported?: number;
    /** Told how many chains are verified so far, after each one: a long run shows it moves. */
    readonly onChainVerified?: (chainsVerified: number) => void;
  },
): Promise<VerifyReport> {
  const maxReported = options.maxReported ?? 100;
  const brokenChains: VerifyReport['brokenChains'][number][] = [];
  let brokenChainCount = 0;
  let accounts = 0;
  let records = 0;
  let walker: ChainWalker | undefined;
  let rules: AccountChainRules | undefined;
  let current: { tenantId: string; accountId: string } | undefined;
  const evidence = await reader.evidenceIds();
  const ruleOptions = {
    nowMs: options.nowMs,
    graceMs: options.graceMs,
    minRetentionYears: options.minRetentionYears,
    evidenceExists: (id: string) => evidence.has(id),
  };
  const close = () => {
    rules?.finish();
    const broken = walker?.broken ?? rules?.broken;
    if (broken) {
      brokenChainCount += 1;
      if (brokenChains.length < maxReported) brokenChains.push(broken);
    }
    if (current) options.onChainVerified?.(accounts);
  };
  for await (const record of reader.chains()) {
    records += 1;
    if (current?.tenantId !== record.tenantId || current.accountId !== record.accountId) {
      close();
      current = { tenantId: record.tenantId, accountId: record.accountId };
      accounts += 1;
      // A body may be absent only where retention removed it (the rules check the expiry).
      walker = new ChainWalker((r) => (r as { expired?: boolean }).expired === true);
      rules = new AccountChainRules(current, ruleOptions);
    }
    if (walker!.next(record)) rules!.next(record);
  }
  close();

  const anchors = await verifyAnchors(reader.anchors(), (period) => reader.recordHashesIn(period));
  const since = anchors.last ? Date.parse(anchors.last.periodEnd) : 0;
  const unanchored = await reader.recordedSince(since);
  let missingAnchor: VerifyReport['missingAnchor'];
  if (unanchored.earliestMs !== undefined && !anchors.broken) {
    // The anchors' own period length when there are anchors: the verifier's settings may differ
    // from the service's.
    const periodMinutes = anchors.last
      ? (Date.parse(anchors.last.periodEnd) - Date.parse(anchors.last.periodStart)) / 60_000
      : options.periodMinutes;
    const period = periodOf(unanchored.earliestMs, periodMinutes);
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
