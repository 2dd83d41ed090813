/**
 * Calendar days in a customer's zone as integers, so that "seven consecutive days" is plain
 * arithmetic. Luxon does the zone work; nothing here reads the system clock or zone.
 */
import { DateTime, IANAZone } from 'luxon';

const DAY_MS = 86_400_000;

/** Parses an ISO 8601 instant, refusing what luxon cannot read instead of returning NaN later. */
export function instant(iso: string, what: string): DateTime {
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`${what}: not an ISO 8601 instant`);
  return parsed;
}

/** Checks an IANA zone once, so that a typo fails loudly rather than counting days in UTC. */
export function checkZone(zone: string): string {
  // `IANAZone.create` is memoised per name; `isValidZone` builds an Intl formatter on every call,
  // which made this check most of a decision's cost.
  if (!IANAZone.create(zone).isValid) throw new RangeError(`unknown time zone ${zone}`);
  return zone;
}

/** The local date of `at` in `zone`, as days since 1970-01-01 (that date being 0). */
export function localDayNumber(at: DateTime, zone: string): number {
  const local = at.setZone(zone);
  return Date.UTC(local.year, local.month - 1, local.day) / DAY_MS;
}

/** The local date `YYYY-MM-DD` as a day number. */
export function dayNumberOfDate(isoDate: string): number {
  const date = DateTime.fromISO(isoDate, { zone: 'utc' });
  if (!date.isValid) throw new RangeError(`${isoDate}: not an ISO date`);
  return date.toMillis() / DAY_MS;
}

/**
 * The first instant of a local day. Where a DST change skips midnight (America/Santiago),
 * luxon moves to the first instant that exists, which is what "from that day on" means.
 */
export function startOfLocalDay(dayNumber: number, zone: string): DateTime {
  const date = DateTime.fromMillis(dayNumber * DAY_MS, { zone: 'utc' });
  return DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone },
  ).startOf('day');
}
