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
 * of consent for texts to it (given with the number), else the bank's contact record that lists
 * it. A local date in the customer's zone, which for US zones is never after the UTC date.
 */
export function customerSince(
  known: { readonly consentsAt: readonly string[]; readonly contactAsOf?: string | undefined },
  zone: string,
): string | undefined {
  const dates = [...known.consentsAt];
  if (dates.length === 0 && known.contactAsOf !== undefined) dates.push(known.contactAsOf);
  return dates
    .map((at) => DateTime.fromISO(at, { zone }).toISODate())
    .filter((date): date is string => date !== null)
    .sort()
    .at(-1);
}

/**
 * Whether an answer kept for the number (asked perhaps for another account, or before a newer
 * consent) answers this customer's question. `no` and `no-data` ("nothing since `since`") hold
 * for any later date; `yes` ("disconnected since `since`") for any earlier one: a customer who
 * gave the number after that date may be its new holder, and is asked about anew.
 */
export function answerApplies(previous: NumberCheck, since: string): boolean {
  return previous.answer === 'yes' ? since <= previous.since : since >= previous.since;
}

/**
 * The date to ask about: the customer's own, moved on to the day of a `no` that applies to them
 * (the number was confirmed theirs up to then). `no-data` and `yes` confirm nothing.
 */
export function questionDate(
  previous: NumberCheck | undefined,
  since: string,
  zone: string,
): string {
  if (previous?.answer !== 'no' || !answerApplies(previous, since)) return since;
  const asked = DateTime.fromISO(previous.askedAt, { zone }).toISODate();
  return asked !== null && asked > since ? asked : since;
}
