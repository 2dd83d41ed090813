/**
 * The violation report: every send the audit holds, re-checked account by account by the
 * independent re-check (recheck/), which shares no rule code with the planner. Accounts are
 * read one at a time, so memory holds one account's history however large the audit.
 */
import type { AnyEvent } from '@kindly/contracts';
import { recheckAccount, type RecheckOptions, type Violation } from '../recheck/index.js';

export interface AccountHistoryReader {
  /** Each account's kept events, in the order they were kept. */
  histories(): AsyncIterable<{
    readonly tenantId: string;
    readonly accountId: string;
    readonly events: readonly AnyEvent[];
  }>;
}

export interface AccountViolation {
  readonly tenantId: string;
  readonly accountId: string;
  readonly violation: Violation;
}

export interface ViolationReport {
  readonly accounts: number;
  readonly sends: number;
  readonly byKind: Readonly<Record<string, number>>;
  /** At most `maxListed`, in account order. */
  readonly violations: readonly AccountViolation[];
  readonly total: number;
}

export async function reportViolations(
  reader: AccountHistoryReader,
  options: RecheckOptions & { readonly maxListed?: number } = {},
): Promise<ViolationReport> {
  const maxListed = options.maxListed ?? 1_000;
  const byKind: Record<string, number> = {};
  const violations: AccountViolation[] = [];
  let accounts = 0;
  let sends = 0;
  let total = 0;
  for await (const { tenantId, accountId, events } of reader.histories()) {
    accounts += 1;
    const report = recheckAccount(events, options);
    sends += report.sends.length;
    for (const violation of report.violations) {
      total += 1;
      byKind[violation.kind] = (byKind[violation.kind] ?? 0) + 1;
      if (violations.length < maxListed) violations.push({ tenantId, accountId, violation });
    }
  }
  return { accounts, sends, byKind, violations, total };
}
