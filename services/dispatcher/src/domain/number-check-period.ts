/**
 * When a number's reassigned-numbers answer is still good, whether it answers this customer's
 * question, and which date to ask about. Pure:
 * `now` is given. Days are calendar days in the customer's zone, as the policy counts days
 * elsewhere: an answer asked at 09:00 on 1 March in New York is good until 09:00 on 31 March
 * there (30 days), across the change to summer time, which 30 × 24 hours would miss by an hour.
 */
import type { NumberCheck } from '@kindly/contracts';
import type { ReassignedNumbersRule } from '@kindly/rules';
import { DateTime } from 'luxon';

/** Whether the policy asks for a check before a text to a customer of this jurisdiction. */
export function checkRequired(
  rule: ReassignedNumbersRule | undefined,
  jurisdiction: string | undefined,
  phone: string,
): boolean {
  if (rule === undefined || jurisdiction === undefined) return false;
  // The RND holds North American numbers only: another country's number cannot be asked about.
  if (!phone.startsWith('+1')) return false;
  const country = jurisdiction.split('-')[0];
  return rule.requiredFor.some((listed) => listed === jurisdiction || listed === country);
}

/** The answer in hand is older than the period the policy gives it (or there is none). */
export function checkIsDue(
  previous: NumberCheck | undefined,
  now: DateTime,
  recheckAfterDays: number,
  zone: string,
): boolean {
  if (previous === undefined) return true;
  const askedAt = DateTime.fromISO(previous.askedAt, { zone });
  if (!askedAt.isValid) return true;
  return now.toMillis() >= askedAt.plus({ days: recheckAfterDays }).toMillis();
}

/**
 * The last day this account's customer was known to have the number: the newest of their grants
 * of consent for texts to it (given with the number). A local date in the customer's zone, which
 * for US zones is never after the UTC date. None without such a grant: the bank's contact record
 * changes for any field (a new e-mail address moves its date), so its date says nothing about
 * when the customer had this number, and a question about it would be evidence of nothing.
 */
export function customerSince(consentsAt: readonly string[], zone: string): string | undefined {
  return consentsAt
    .map((at) => DateTime.fromISO(at, { zone }).toISODate())
    .filter((date): date is string => date !== null)
    .sort()
    .at(-1);
}

/**
 * Whether an answer kept for the number (asked perhaps for another account, or before a newer
 * consent) answers this customer's question about `since`. `yes` ("disconnected since the date
 * asked about") holds for any earlier date: a customer who gave the number after it may be its
 * new holder, and is asked about anew. `no` ("not disconnected since then") holds for any later
 * date. `no-data` (the database knows nothing of the number from that date on) is only the
 * answer to its own question: whether a later date would get a `yes`, a `no` or `no-data` again
 * is unknown, so another date is asked about.
 */
export function answerApplies(previous: NumberCheck, since: string): boolean {
  switch (previous.answer) {
    case 'yes':
      return since <= previous.since;
    case 'no':
      return since >= previous.since;
    case 'no-data':
      return since === previous.since;
  }
}
