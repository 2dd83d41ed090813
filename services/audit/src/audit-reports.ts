/**
 * The audit's two verdicts over one database, for a caller outside the service (the demo, the
 * operator API): is the record whole (verify), and did every send keep the rules (the independent
 * re-check). And the sends the audit holds, for reconciling against what providers received.
 */
import type { Db } from '@kindly/mongo';
import { createAccountHistories } from './data-access/account-histories.js';
import { createAuditReader } from './data-access/audit-reader.js';
import { AUDIT_RECORDS, type AuditRecordDocument } from './data-access/audit-records.repository.js';
import { verifyAudit, type VerifyReport } from './domain/verify-audit.use-case.js';
import { reportViolations, type ViolationReport } from './domain/violation-report.use-case.js';
import type { RecheckOptions } from './recheck/index.js';

export async function verifyAuditIn(
  db: Db,
  options: { readonly periodMinutes: number; readonly graceMs: number; readonly nowMs?: number },
): Promise<VerifyReport> {
  return verifyAudit(createAuditReader(db), { nowMs: Date.now(), ...options });
}

export async function violationsIn(db: Db, options: RecheckOptions = {}): Promise<ViolationReport> {
  return reportViolations(createAccountHistories(db), options);
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
