/**
 * The retention job: every account whose last record is older than its class allows, and that is
 * not under a legal hold, has the bodies of its records and its evidence removed; then a record
 * of the expiry is appended to its chain. The links stay, so the chain and the anchors verify,
 * and verification accepts a removed body only where such a record covers it.
 *
 * Removal comes before the record of it, and the account leaves the candidates only after the
 * record is in: a crash between any two steps leaves an account the next run takes up again
 * (removing again removes nothing; the record's id is fixed, so it is appended once). Holds,
 * and accounts whose class has not run out, wait for a review date instead of coming back
 * every run.
 */
import type { AuditBody } from './audit-body.js';
import { appendToChain, type RecordEventDeps } from './record-event.use-case.js';
import {
  retentionClassOf,
  shortestRetentionYears,
  type RetentionPolicy,
} from './retention-policy.js';

export interface InactiveAccount {
  readonly tenantId: string;
  readonly accountId: string;
}

export interface AccountRetentionFacts {
  readonly jurisdiction: string | undefined;
  readonly purposes: readonly ('servicing' | 'marketing')[];
  /** The chain's end: what an expiry now would cover. */
  readonly lastSeq: number;
  /** When the account's last activity was kept (contact syncs and the audit's own records are
   * not activity), read from the records themselves; undefined: none. */
  readonly lastActivityAt: Date | undefined;
  /** Expired already: its last record is the record of an expiry. */
  readonly expired: boolean;
  readonly held: boolean;
}

export interface RetentionStore {
  /**
   * Accounts not expired whose last activity was kept before `before` and that are not waiting
   * for a later review, oldest first, at most `limit` (candidates: facts are read again).
   */
  inactiveAccounts(before: Date, now: Date, limit: number): Promise<InactiveAccount[]>;
  facts(tenantId: string, accountId: string): Promise<AccountRetentionFacts>;
  held(tenantId: string, accountId: string): Promise<boolean>;
  /** Not to be examined again before `until` (held, or its class has not run out). */
  postpone(tenantId: string, accountId: string, until: Date): Promise<void>;
  /** Removes the bodies of records up to `throughSeq`, and their evidence. */
  removeBodies(tenantId: string, accountId: string, throughSeq: number, at: Date): Promise<void>;
  /** Once the record of the expiry is in the chain: not a candidate any more. */
  markExpired(tenantId: string, accountId: string, at: Date): Promise<void>;
}

export interface ExpiryRound {
  readonly examined: number;
  readonly expired: readonly { tenantId: string; accountId: string; retentionClass: string }[];
  readonly held: number;
}

const YEAR_MS = 365.25 * 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export async function expireAccounts(
  deps: Pick<RecordEventDeps, 'store' | 'recordedNow'> & {
    readonly retention: RetentionStore;
    readonly policy: RetentionPolicy;
  },
  nowMs: number,
  limit: number,
): Promise<ExpiryRound> {
  const now = new Date(nowMs);
  const shortest = shortestRetentionYears(deps.policy);
  const candidates = await deps.retention.inactiveAccounts(
    new Date(nowMs - shortest * YEAR_MS),
    now,
    limit,
  );
  const expired: { tenantId: string; accountId: string; retentionClass: string }[] = [];
  let held = 0;
  for (const account of candidates) {
    const { tenantId, accountId } = account;
    const facts = await deps.retention.facts(tenantId, accountId);
    if (facts.expired) {
      // Expired, and the crash came before it left the candidates.
      await deps.retention.markExpired(tenantId, accountId, now);
      continue;
    }
    if (facts.lastActivityAt === undefined) continue;
    if (facts.held) {
      held += 1;
      await deps.retention.postpone(tenantId, accountId, new Date(nowMs + DAY_MS));
      continue;
    }
    const retentionClass = retentionClassOf(deps.policy, facts.jurisdiction, facts.purposes);
    const due = facts.lastActivityAt.getTime() + retentionClass.years * YEAR_MS;
    if (due > nowMs) {
      await deps.retention.postpone(tenantId, accountId, new Date(due));
      continue;
    }
    // A hold placed since the facts were read wins.
    if (await deps.retention.held(tenantId, accountId)) {
      held += 1;
      continue;
    }
    await deps.retention.removeBodies(tenantId, accountId, facts.lastSeq, now);
    const body: AuditBody = {
      eventId: `audit-expired-${tenantId}-${accountId}-${facts.lastSeq}`,
      type: 'audit.expired',
      schemaVersion: '1.0.0',
      occurredAt: now.toISOString(),
      correlationId: `audit-retention-${accountId}`,
      causationId: null,
      payload: {
        accountId,
        throughSeq: facts.lastSeq,
        retentionClass: retentionClass.id,
        years: retentionClass.years,
        lastActivityAt: facts.lastActivityAt.toISOString(),
      },
    };
    await appendToChain(deps, account, body.eventId, body, []);
    await deps.retention.markExpired(tenantId, accountId, now);
    expired.push({ ...account, retentionClass: retentionClass.id });
  }
  return { examined: candidates.length, expired, held };
}
