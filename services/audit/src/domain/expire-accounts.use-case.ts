/**
 * The retention job: every account whose last record is older than its class allows, and that is
 * not under a legal hold, has the bodies of its records and its evidence removed; then a record
 * of the expiry is appended to its chain. The links stay, so the chain and the anchors verify,
 * and verification accepts a removed body only where such a record covers it.
 *
 * Removal comes before the record of it: a crash between the two leaves an account that is still
 * inactive, so the next run removes again (nothing left) and appends the record. The other order
 * would leave a fresh record that made the account look active for years.
 */
import type { AuditBody } from './audit-body.js';
import { appendToChain, type RecordEventDeps } from './record-event.use-case.js';
import { retentionClassOf, type RetentionPolicy } from './retention-policy.js';

export interface InactiveAccount {
  readonly tenantId: string;
  readonly accountId: string;
  readonly lastRecordedAt: Date;
}

export interface AccountRetentionFacts {
  readonly jurisdiction: string | undefined;
  readonly purposes: readonly ('servicing' | 'marketing')[];
  readonly lastSeq: number;
  /** When the account's last record was kept, read from the record itself. */
  readonly lastRecordedAt: Date;
  /** Expired already: its last record is the record of an expiry. */
  readonly expired: boolean;
  readonly held: boolean;
}

export interface RetentionStore {
  /**
   * Accounts not expired whose last record was kept before `before`, oldest first, at most
   * `limit` (candidates: the facts are read again before anything is removed).
   */
  inactiveAccounts(before: Date, limit: number): Promise<InactiveAccount[]>;
  facts(tenantId: string, accountId: string): Promise<AccountRetentionFacts>;
  /** Removes the bodies of records up to `throughSeq` and the account's evidence. */
  removeBodies(tenantId: string, accountId: string, throughSeq: number, at: Date): Promise<void>;
}

export interface ExpiryRound {
  readonly examined: number;
  readonly expired: readonly { tenantId: string; accountId: string; retentionClass: string }[];
  readonly held: number;
}

const YEAR_MS = 365.25 * 24 * 3_600_000;

export async function expireAccounts(
  deps: Pick<RecordEventDeps, 'store' | 'recordedNow'> & {
    readonly retention: RetentionStore;
    readonly policy: RetentionPolicy;
  },
  nowMs: number,
  limit: number,
): Promise<ExpiryRound> {
  const shortest = Math.min(...deps.policy.classes.map((c) => c.years));
  const candidates = await deps.retention.inactiveAccounts(
    new Date(nowMs - shortest * YEAR_MS),
    limit,
  );
  const expired: { tenantId: string; accountId: string; retentionClass: string }[] = [];
  let held = 0;
  for (const account of candidates) {
    const facts = await deps.retention.facts(account.tenantId, account.accountId);
    if (facts.expired) continue;
    if (facts.held) {
      held += 1;
      continue;
    }
    const retentionClass = retentionClassOf(deps.policy, facts.jurisdiction, facts.purposes);
    // The years run from the account's real last record, not the candidate list's copy of it.
    if (facts.lastRecordedAt.getTime() + retentionClass.years * YEAR_MS > nowMs) continue;
    const at = new Date(nowMs);
    await deps.retention.removeBodies(account.tenantId, account.accountId, facts.lastSeq, at);
    const body: AuditBody = {
      eventId: `audit-expired-${account.tenantId}-${account.accountId}-${facts.lastSeq}`,
      type: 'audit.expired',
      schemaVersion: '1.0.0',
      occurredAt: at.toISOString(),
      correlationId: `audit-retention-${account.accountId}`,
      causationId: null,
      payload: {
        accountId: account.accountId,
        throughSeq: facts.lastSeq,
        retentionClass: retentionClass.id,
        years: retentionClass.years,
        lastActivityAt: facts.lastRecordedAt.toISOString(),
      },
    };
    await appendToChain(deps, account, body.eventId, body, []);
    expired.push({ ...account, retentionClass: retentionClass.id });
  }
  return { examined: candidates.length, expired, held };
}
