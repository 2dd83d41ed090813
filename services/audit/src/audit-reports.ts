/**
 * The audit's two verdicts over one database, for a caller outside the service (the demo, the
 * operator API): is the record whole (verify), and did every send keep the rules (the independent
 * re-check). And the sends the audit holds, for reconciling against what providers received.
 */
import type { AnyEvent } from '@kindly/contracts';
import type { Db } from '@kindly/mongo';
import { createAccountHistories } from './data-access/account-histories.js';
import { createAuditReader } from './data-access/audit-reader.js';
import { createAnchorRepository } from './data-access/anchors.repository.js';
import {
  AUDIT_RECORDS,
  createAuditRecordRepository,
  type AuditRecordDocument,
} from './data-access/audit-records.repository.js';
import { createEvidenceRepository } from './data-access/evidence.repository.js';
import { policyHistory } from './data-access/policy-history.js';
import { addressKeyer } from './domain/address-keys.js';
import { anchorPeriods } from './domain/anchor-periods.use-case.js';
import { parseKeyEncryptionKeys } from './domain/evidence-cipher.js';
import { recordEvent, type RecordEventDeps } from './domain/record-event.use-case.js';
import { loadRetentionPolicy, shortestRetentionYears } from './domain/retention-policy.js';
import { verifyAudit, type VerifyReport } from './domain/verify-audit.use-case.js';
import { reportViolations, type ViolationReport } from './domain/violation-report.use-case.js';
import type { RecheckOptions } from './recheck/index.js';
import { FunnelTally, type Funnel } from './dashboard/funnel-tally.js';

export async function verifyAuditIn(
  db: Db,
  options: { readonly periodMinutes: number; readonly graceMs: number; readonly nowMs?: number },
): Promise<VerifyReport> {
  return verifyAudit(createAuditReader(db), {
    nowMs: Date.now(),
    minRetentionYears: shortestRetentionYears(loadRetentionPolicy()),
    ...options,
  });
}

/** Each send re-checked by the policy in force when it went (approved versions included). */
export async function violationsIn(db: Db, options: RecheckOptions = {}): Promise<ViolationReport> {
  return reportViolations(createAccountHistories(db), {
    ...options,
    policyAt: options.policyAt ?? (await policyHistory(db)),
  });
}

export interface KeptSend {
  readonly messageId: string;
  readonly channel: 'sms' | 'email' | 'letter';
  /** The provider's acceptance (UTC ISO). */
  readonly at: string;
}

/** Every send the audit kept: each provider acceptance (one per message and attempt). */
export async function keptSends(db: Db): Promise<KeptSend[]> {
  const found = await db
    .collection<AuditRecordDocument>(AUDIT_RECORDS)
    .find({ type: 'delivery.outcome', 'body.payload.status': 'accepted' })
    .toArray();
  const sends: KeptSend[] = [];
  for (const record of found) {
    const p = record.body?.payload as { messageId?: string; channel?: string; at?: string };
    if (p.channel === 'sms' || p.channel === 'email' || p.channel === 'letter') {
      sends.push({ messageId: p.messageId ?? '', channel: p.channel, at: p.at ?? '' });
    }
  }
  return sends;
}

/** The types the dashboard's funnel reads. */
const FUNNEL_TYPES = [
  'outreach.planned',
  'outreach.suppressed',
  'delivery.outcome',
  'account.payment',
] as const;

/**
 * The dashboard's funnel over the records that occurred in [from, to), streamed in the order
 * they occurred. Its memory grows with the messages in the period (one entry each): a bank's
 * month is a few million; beyond that, a period's tallies would be kept as they are appended.
 */
export async function dashboardFunnelIn(db: Db, from: Date, to: Date): Promise<Funnel> {
  const tally = new FunnelTally();
  const cursor = db
    .collection<AuditRecordDocument>(AUDIT_RECORDS)
    .find(
      { occurredAtDate: { $gte: from, $lt: to }, type: { $in: [...FUNNEL_TYPES] } },
      { projection: { type: 1, occurredAtDate: 1, tenantId: 1, accountId: 1, 'body.payload': 1 } },
    )
    .sort({ occurredAtDate: 1 })
    .batchSize(2_000);
  for await (const record of cursor) {
    if (record.body === undefined) continue;
    tally.add({
      type: record.type,
      occurredAt: record.occurredAtDate.toISOString(),
      tenantId: record.tenantId,
      accountId: record.accountId,
      payload: record.body.payload,
    });
  }
  return tally.result();
}

/** One entry of an account's timeline: a kept event, with what it decided or met. */
export interface TimelineEntry {
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  /**
   * The event's payload as the audit keeps it: addresses and names as keyed hashes, free text
   * left out, a message's content sealed away (`sealed`). Absent once retention expired it.
   */
  readonly payload?: unknown;
  readonly sealed: boolean;
}

/**
 * An account's timeline from its chain, oldest first, at most `limit` entries from `afterSeq`:
 * the bank's events, the decisions with their reasons, the messages, their outcomes, the calls
 * and what people did (`operator.action`).
 */
export async function accountTimelineIn(
  db: Db,
  tenantId: string,
  accountId: string,
  options: { readonly afterSeq?: number; readonly limit: number },
): Promise<TimelineEntry[]> {
  const found = await db
    .collection<AuditRecordDocument>(AUDIT_RECORDS)
    .find({ tenantId, accountId, seq: { $gt: options.afterSeq ?? -1 } })
    .sort({ seq: 1 })
    .limit(options.limit)
    .toArray();
  return found.map((record) => ({
    seq: record.seq,
    type: record.type,
    occurredAt: record.occurredAtDate.toISOString(),
    recordedAt: record.recordedAtDate.toISOString(),
    ...(record.body !== undefined ? { payload: record.body.payload } : {}),
    sealed: record.body?.evidence !== undefined,
  }));
}

/**
 * The audit's ingest as the service runs it (keyed, sealed, chained into this database), for a
 * caller that feeds it events itself: the benchmark.
 */
export function auditIngest(
  db: Db,
  keys: { readonly addressKey: string; readonly evidenceKeys: string },
): (event: AnyEvent) => Promise<'appended' | 'duplicate'> {
  const deps: RecordEventDeps = {
    store: createAuditRecordRepository(db),
    evidence: createEvidenceRepository(db),
    addressKey: addressKeyer(keys.addressKey),
    evidenceKeys: parseKeyEncryptionKeys(keys.evidenceKeys),
    recordedNow: () => new Date(),
  };
  return async (event) => (await recordEvent(deps, event)).outcome;
}

/** Anchors every period that has ended by `nowMs` (the service's loop does this on its own). */
export async function anchorAuditIn(
  db: Db,
  settings: { readonly periodMinutes: number; readonly graceMs: number },
  nowMs: number,
): Promise<number> {
  return (
    await anchorPeriods(createAnchorRepository(db), { ...settings, perRound: 100_000 }, nowMs)
  ).anchored;
}
