/**
 * The compliance check after the fact: every audit record of a send, read against the same
 * policy the planner planned with. A send breaks the policy when it went out outside the allowed
 * hours in any zone the customer may be in, over a frequency cap (counting the sends recorded
 * before it), without a consent the policy requires for its channel and purpose, or after the
 * customer revoked consent for that address. Pure: records and facts in, findings out.
 *
 * Hours and caps are judged by the rules' deliberately simple reference (`slowTwinSendSlot`, a
 * minute-by-minute scan), not by the fast code that made the decisions: a check that shares the
 * code it checks proves little. A send is judged at the minute it went out in (windows and zone
 * offsets fall on whole minutes), which can only count a cap entry a few seconds older.
 */
import { DateTime } from 'luxon';
import type {
  ContactConsentV1Payload,
  ContactUpdatedV1Payload,
  MessageChannel,
  Purpose,
} from '@kindly/contracts';
import {
  contactRule,
  slowTwinSendSlot,
  type ContactHistoryEntry,
  type Policy,
} from '@kindly/rules';

export interface AuditedSend {
  readonly accountId: string;
  readonly messageId: string;
  readonly channel: MessageChannel;
  readonly purpose: Purpose;
  readonly sentAtUtc: string;
  readonly consentBasis: { readonly basis: string } | null;
  /** The raw address is not in the audit; the check matches revocations by channel instead. */
}

export interface Finding {
  readonly accountId: string;
  readonly messageId: string;
  readonly rule: 'WINDOW' | 'CAP' | 'CONSENT' | 'AFTER_REVOCATION';
  readonly detail: string;
}

export interface AccountFacts {
  readonly contact: ContactUpdatedV1Payload;
  /** Revocations the customer made, with when they took effect. */
  readonly revocations: readonly ContactConsentV1Payload[];
}

export function auditSends(
  policy: Policy,
  sends: readonly AuditedSend[],
  factsOf: (accountId: string) => AccountFacts | undefined,
): Finding[] {
  const findings: Finding[] = [];
  const byAccount = new Map<string, AuditedSend[]>();
  for (const send of sends)
    byAccount.set(send.accountId, [...(byAccount.get(send.accountId) ?? []), send]);
  for (const [accountId, list] of byAccount) {
    const facts = factsOf(accountId);
    if (!facts) continue;
    const { contact } = facts;
    const ordered = [...list].sort((a, b) => a.sentAtUtc.localeCompare(b.sentAtUtc));
    const history: ContactHistoryEntry[] = [];
    for (const send of ordered) {
      const at = DateTime.fromISO(send.sentAtUtc, { zone: 'utc' });
      const finding = (rule: Finding['rule'], detail: string) =>
        findings.push({ accountId, messageId: send.messageId, rule, detail });
      const minute = at.startOf('minute');
      const allowedAt = (past: readonly ContactHistoryEntry[]) => {
        const answer = slowTwinSendSlot({
          policy,
          contact,
          channel: send.channel,
          purpose: send.purpose,
          history: past,
          now: minute,
          horizonDays: 1,
          minimumMinutes: 0,
        });
        return answer.found && Date.parse(answer.start) === minute.toMillis();
      };
      if (!allowedAt([])) finding('WINDOW', `${send.channel} at ${send.sentAtUtc}`);
      else if (!allowedAt(history)) finding('CAP', `${send.channel} at ${send.sentAtUtc}`);
      const rule = contactRule(policy, contact.jurisdiction, send.channel, send.purpose);
      if (
        rule.consent.required &&
        (!send.consentBasis || !rule.consent.bases.includes(send.consentBasis.basis as never))
      ) {
        finding(
          'CONSENT',
          `${send.channel} ${send.purpose} on ${send.consentBasis?.basis ?? 'no consent'}`,
        );
      }
      const revoked = facts.revocations.some(
        (r) =>
          r.channel === send.channel &&
          r.purpose === send.purpose &&
          r.status === 'revoked' &&
          r.at <= send.sentAtUtc,
      );
      if (revoked) finding('AFTER_REVOCATION', `${send.channel} at ${send.sentAtUtc}`);
      history.push({
        channel: send.channel,
        at: send.sentAtUtc,
        kind: 'attempt',
        purpose: send.purpose,
      });
    }
  }
  return findings;
}
