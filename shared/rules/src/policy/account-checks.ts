/**
 * Account-level reasons not to send: the account is cured or paid, or a flag suppresses the
 * message's purpose (and the flag's rule does not allow this template kind).
 */
import type { DateTime } from 'luxon';
import type { AccountFlag, SuppressionReason } from '@kindly/contracts';
import { instant } from './local-days.js';
import type { AccountState, MessageToCheck } from './eligibility-types.js';
import type { SuppressingFlag } from './policy-schema.js';
import type { JurisdictionPolicy } from './policy-types.js';

const FLAG_REASON: Readonly<Record<SuppressingFlag, SuppressionReason>> = {
  dispute: 'DISPUTE',
  bankruptcy: 'BANKRUPTCY',
  deceased: 'DECEASED',
  'cease-communication': 'CEASE_COMMUNICATION',
  'attorney-represented': 'ATTORNEY_REPRESENTED',
  'legal-hold': 'LEGAL_HOLD',
};

function isSuppressing(flag: AccountFlag): flag is SuppressingFlag {
  return flag in FLAG_REASON;
}

/**
 * A cured account gets nothing, whatever the template: the reminder has no reason left and a
 * repayment offer would be for a debt that is gone.
 */
export function curedReasons(account: AccountState, now: DateTime): SuppressionReason[] {
  const reasons: SuppressionReason[] = [];
  if (account.flags.includes('cured') || account.overdueAmount.amountMinor === 0) {
    reasons.push('CURED');
  }
  const payment = account.lastPayment;
  if (payment?.curesAccount) {
    const paidAt = instant(payment.at, 'lastPayment.at');
    const sameCycle =
      account.overdueSince === undefined || paidAt >= instant(account.overdueSince, 'overdueSince');
    if (sameCycle && paidAt <= now) reasons.push('PAID');
  }
  return reasons;
}

/** One reason per set flag whose rule suppresses this purpose and does not allow this kind. */
export function flagReasons(
  account: AccountState,
  message: MessageToCheck,
  policy: JurisdictionPolicy,
): SuppressionReason[] {
  return account.flags.filter(isSuppressing).flatMap((flag) => {
    const rule = policy.flags[flag];
    const allowed =
      message.templateKind !== undefined && rule.allowTemplateKinds.includes(message.templateKind);
    return rule.suppresses.includes(message.purpose) && !allowed ? [FLAG_REASON[flag]] : [];
  });
}
