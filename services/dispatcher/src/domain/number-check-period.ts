/**
 * When a number's reassigned-numbers answer is still good, and which date to ask about. Pure:
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
 * The date to ask about: the last day the customer was known to have the number. A `no` from
 * the database confirms the number up to the day it was asked; otherwise the newest of the
 * customer's grants of consent for texts to it (given with the number) and, without one, the
 * bank's contact record that lists it. A `no-data` or `yes` confirms nothing: the date stays.
 * The local date in the customer's zone, which for US zones is never after the UTC date.
 */
export function sinceDate(
  previous: NumberCheck | undefined,
  known: { readonly consentsAt: readonly string[]; readonly contactAsOf?: string | undefined },
  zone: string,
): string | undefined {
  const dates = [...known.consentsAt];
  if (dates.length === 0 && known.contactAsOf !== undefined) dates.push(known.contactAsOf);
  const local = dates
    .map((at) => DateTime.fromISO(at, { zone }).toISODate())
    .filter((date): date is string => date !== null);
  if (previous?.answer === 'no') {
    const asked = DateTime.fromISO(previous.askedAt, { zone }).toISODate();
    if (asked !== null) local.push(asked);
  } else if (previous !== undefined) {
    local.push(previous.since);
  }
  return local.sort().at(-1);
}
