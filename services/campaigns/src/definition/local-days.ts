/**
 * Days as the customer lives them: calendar days in their zone, not 24-hour periods. Across a
 * change to or from daylight saving time a day has 23 or 25 hours, and "7 days since the last
 * contact" means seven dates later on the customer's calendar.
 */
import { DateTime } from 'luxon';

/** The customer's local calendar date of an instant, `YYYY-MM-DD`. */
export function localDateOf(instant: Date | string, zone: string): string {
  return toZone(instant, zone).toISODate() ?? invalid(instant, zone);
}

/** Calendar days from `earlier`'s local date to `later`'s (0 on the same date; negative if reversed). */
export function localDaysBetween(
  earlier: Date | string,
  later: Date | string,
  zone: string,
): number {
  const from = toZone(earlier, zone).startOf('day');
  const to = toZone(later, zone).startOf('day');
  // Both are local midnights, so the difference in calendar days is whole.
  return Math.round(to.diff(from, 'days').days);
}

/** The local date `days` after `now`'s, and the UTC instant that date ends at in the zone. */
export function localDateAfter(
  now: Date | string,
  days: number,
  zone: string,
): { readonly date: string; readonly endsAt: string } {
  const day = toZone(now, zone).startOf('day').plus({ days });
  const endsAt = day.plus({ days: 1 }).toUTC().toISO({ suppressMilliseconds: true });
  return { date: day.toISODate() ?? invalid(now, zone), endsAt: endsAt ?? invalid(now, zone) };
}

function toZone(instant: Date | string, zone: string): DateTime {
  const value =
    typeof instant === 'string'
      ? DateTime.fromISO(instant, { setZone: false })
      : DateTime.fromJSDate(instant);
  const local = value.setZone(zone);
  if (!local.isValid) invalid(instant, zone);
  return local;
}

function invalid(instant: Date | string, zone: string): never {
  throw new RangeError(`not a valid instant in ${zone}: ${String(instant)}`);
}
