/**
 * The demo's last step, as an examiner would take it: the audit service's record verified whole
 * (chains and anchors) and every send in it re-checked by the audit's own rules, which share no
 * code with the planner. The violation report is written beside the run's HTML report.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  violationReportHtml,
  violationsIn,
  verifyAuditIn,
  type VerifyReport,
  type ViolationReport,
} from '@kindly/audit';
import type { Db } from '@kindly/mongo';

export interface AuditVerdict {
  readonly verify: VerifyReport;
  readonly violations: ViolationReport;
  /** The violation report's file name, in the run's folder. */
  readonly violationsFile: string;
}

export const VIOLATIONS_FILE = 'violations.html';

export async function auditVerdict(
  db: Db,
  runDir: string,
  anchoring: { readonly periodMinutes: number; readonly graceMs: number },
): Promise<AuditVerdict> {
  const verify = await verifyAuditIn(db, anchoring);
  const violations = await violationsIn(db);
  writeFileSync(
    join(runDir, VIOLATIONS_FILE),
    violationReportHtml(violations, new Date().toISOString()),
  );
  return { verify, violations, violationsFile: VIOLATIONS_FILE };
}

export function auditVerdictOk(verdict: AuditVerdict): boolean {
  return verdict.verify.ok && verdict.violations.total === 0;
}

export function auditVerdictText(verdict: AuditVerdict): string {
  const { verify, violations } = verdict;
  const whole = verify.ok
    ? `verified: ${verify.records} records in ${verify.accounts} chains, no alteration (${verify.anchorsChecked} anchors; ${verify.unanchoredRecords} records wait for their period's anchor)`
    : `NOT VERIFIED: ${verify.brokenChainCount} broken chains${verify.brokenAnchor ? `, anchor ${verify.brokenAnchor.seq} ${verify.brokenAnchor.reason}` : ''}${verify.missingAnchor ? ', an anchor missing' : ''}`;
  const kinds = Object.entries(violations.byKind)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const rules =
    violations.total === 0
      ? `re-checked ${violations.sends} sends of ${violations.accounts} accounts with the audit's own rules: no violation`
      : `re-checked ${violations.sends} sends: ${violations.total} VIOLATIONS (${kinds})`;
  return [`audit: ${whole}`, `audit: ${rules} (${verdict.violationsFile})`].join('\n');
}
