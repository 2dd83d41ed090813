import type { DateTime } from 'luxon';
import { policyAccountOf, type AccountState } from '@kindly/rules';

/**
 * Where an account stands for a cycle: still `overdue` in it; `cured` (a cure flag, nothing
 * overdue, or a curing payment in the cycle); `other-cycle` (the bank opened a newer one); or
 * `unknown` (no overdue facts yet).
 */
export type Standing = 'overdue' | 'cured' | 'other-cycle' | 'unknown';

export function standingOf(
  state: AccountState | undefined,
  cycleId: string,
  now: DateTime,
): Standing {
  const overdue = state?.overdue?.value;
  if (state === undefined || overdue === undefined) return 'unknown';
  if (overdue.cycleId !== cycleId) return 'other-cycle';
  const account = policyAccountOf(state);
  if (account === undefined) return 'unknown';
  if (account.flags.includes('cured') || account.overdueAmount.amountMinor === 0) return 'cured';
  const payment = account.lastPayment;
  if (payment?.curesAccount === true) {
    const paidAt = Date.parse(payment.at);
    const since = account.overdueSince === undefined ? -Infinity : Date.parse(account.overdueSince);
    if (paidAt >= since && paidAt <= now.toMillis()) return 'cured';
  }
  return 'overdue';
}

/** True when a payment (any amount) was made after `since`: the customer is paying. */
export function paidSince(state: AccountState | undefined, since: DateTime): boolean {
  return (state?.payments ?? []).some((p) => Date.parse(p.value.paidAt) > since.toMillis());
}
