/**
 * What verification asks of one account's chain beyond its hashes, so that the audit's own
 * records cannot be used to hide what it kept:
 *
 * - time only moves forward: each record was kept no earlier than the one before it (writers
 *   stamp the later of their clock and the chain's end), and none in the future;
 * - a removed body is allowed only where a later expiry record covers it, and that expiry was
 *   due: it came at least its class's years after the account's last activity, no shorter than
 *   the shortest class the retention policy has, and while no legal hold was in place;
 * - a record that names sealed evidence, and still has its body, has that evidence in store.
 *
 * The expiry's own figures are checked against the chain (its last activity must be the real
 * one), so an insider who can write to the database cannot erase an account by appending an
 * expiry record now: it would have to be kept years after the account's last activity.
 */
import type { BrokenLink, ChainBreak } from './audit-chain.js';
import type { AuditRecord } from './ports.js';

export type AccountRuleBreak =
  | ChainBreak
  | 'RECORDED_BEFORE_PREVIOUS'
  | 'RECORDED_IN_FUTURE'
  | 'EXPIRY_NOT_DUE'
  | 'EXPIRY_UNDER_HOLD'
  | 'EVIDENCE_MISSING';

export interface AccountRuleOptions {
  readonly nowMs: number;
  /** Clock differences tolerated between the writers and the verifier. */
  readonly graceMs: number;
  /** The retention policy's shortest class, in years. */
  readonly minRetentionYears: number;
  /** Whether sealed evidence with this id is in store. */
  readonly evidenceExists: (id: string) => boolean;
}

/** The audit's own records: no personal data, never expired. */
export const AUDIT_OWN_TYPES: ReadonlySet<string> = new Set([
  'audit.hold-placed',
  'audit.hold-lifted',
  'audit.expired',
]);

/** Event types that are not activity on the account (they do not restart its retention). */
export const NOT_ACTIVITY: ReadonlySet<string> = new Set([
  'contact.updated',
  'contact.consent',
  'contact.unreachable',
  ...AUDIT_OWN_TYPES,
]);

const YEAR_MS = 365.25 * 24 * 3_600_000;

export class AccountChainRules {
  private previousAtMs = -Infinity;
  private readonly activityAt = new Map<number, number>();
  private readonly holds = new Set<string>();
  private removed: number[] = [];
  broken: (Omit<BrokenLink, 'reason'> & { readonly reason: AccountRuleBreak }) | undefined;

  constructor(
    private readonly key: { readonly tenantId: string; readonly accountId: string },
    private readonly options: AccountRuleOptions,
  ) {}

  /** Feeds the next record, already checked by the chain walker. */
  next(record: AuditRecord): void {
    if (this.broken) return;
    const fail = (reason: AccountRuleBreak) => {
      this.broken = { ...this.key, seq: record.seq, reason };
    };
    const atMs = Date.parse(record.recordedAt);
    if (atMs < this.previousAtMs) return fail('RECORDED_BEFORE_PREVIOUS');
    if (atMs > this.options.nowMs + this.options.graceMs) return fail('RECORDED_IN_FUTURE');
    this.previousAtMs = atMs;
    // The link's type is hashed: what a record was is known even once its body is gone.
    if (!NOT_ACTIVITY.has(record.type)) this.activityAt.set(record.seq, atMs);
    const body = record.body;
    if (body === undefined) {
      this.removed.push(record.seq);
      return;
    }
    if (body.evidence && !this.options.evidenceExists(body.evidence.id)) {
      return fail('EVIDENCE_MISSING');
    }
    const payload = body.payload as { matter?: unknown; throughSeq?: unknown; years?: unknown };
    const matter = typeof payload.matter === 'string' ? payload.matter : '';
    if (body.type === 'audit.hold-placed') this.holds.add(matter);
    if (body.type === 'audit.hold-lifted') this.holds.delete(matter);
    if (body.type === 'audit.expired') this.expiry(record, atMs, payload, fail);
  }

  private expiry(
    record: AuditRecord,
    atMs: number,
    payload: { throughSeq?: unknown; years?: unknown },
    fail: (reason: AccountRuleBreak) => void,
  ): void {
    const through = typeof payload.throughSeq === 'number' ? payload.throughSeq : -1;
    const years = typeof payload.years === 'number' ? payload.years : 0;
    if (this.holds.size > 0) return fail('EXPIRY_UNDER_HOLD');
    // The last activity up to `through`, from the chain itself (the links' hashed types and
    // times), not from what the expiry record claims.
    let last = -Infinity;
    for (const [seq, at] of this.activityAt) if (seq <= through) last = Math.max(last, at);
    if (
      through < 1 ||
      through >= record.seq ||
      years < this.options.minRetentionYears ||
      atMs < last + years * YEAR_MS
    ) {
      return fail('EXPIRY_NOT_DUE');
    }
    this.removed = this.removed.filter((seq) => seq > through);
  }

  /** At the chain's end: a body removed with no expiry covering it. */
  finish(): void {
    if (!this.broken && this.removed.length > 0) {
      this.broken = { ...this.key, seq: this.removed[0]!, reason: 'BODY_MISSING' };
    }
  }
}
