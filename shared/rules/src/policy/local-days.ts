/**
 * Calendar days in a customer's zone as integers, so that "seven consecutive days" is plain
 * arithmetic. Offsets come from the windows module's memoised offset changes (the same luxon
 * offsets, asked of Intl once per zone and year); luxon does the rare ambiguous cases. Nothing
 * here reads the system clock or zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { constantOffsetMs, offsetMsAtInstant } from '../windows/zone-offsets.js';

const DAY_MS = 86_400_000;
/** Wider than any UTC offset (±14 h) with room to spare: see {@link startOfLocalDayMs}. */
const AROUND_MS = 2 * DAY_MS;

/*
 * Parsed instants by their text. History, consents and payments carry the same few instants
 * decision after decision, and luxon's ISO parser is slow. A DateTime is immutable, so sharing
 * one changes nothing; the cache is cleared when full, so it stays small. Only text with its
 * own offset is kept: that alone is a pure function of the text.
 */
const INSTANT_CACHE_SIZE = 4_096;
const instants = new Map<string, DateTime>();

/** Parses an ISO 8601 instant, refusing what luxon cannot read instead of returning NaN later. */
export function instant(iso: string, what: string): DateTime {
  const cached = instants.get(iso);
  if (cached !== undefined) return cached;
  const parsed = DateTime.fromISO(iso, { setZone: true });
  if (!parsed.isValid) throw new RangeError(`${what}: not an ISO 8601 instant`);
  // Text without an offset reads in the process's default zone: not a pure function of the text.
  if (!parsed.zone.isUniversal) return parsed;
  if (instants.size >= INSTANT_CACHE_SIZE) instants.clear();
  instants.set(iso, parsed);
  return parsed;
}

/** Checks an IANA zone once, so that a typo fails loudly rather than counting days in UTC. */
export function checkZone(zone: string): string {
  // `IANAZone.create` is memoised per name; `isValidZone` builds an Intl formatter on every call,
  // which made this check most of a decision's cost.
  if (!IANAZone.create(zone).isValid) throw new RangeError(`unknown time zone ${zone}`);
  return zone;
}

/** {@link localDayNumber} of an epoch-millisecond instant. */
export function localDayNumberOfMs(at: number, zone: string): number {
  const iana = IANAZone.create(zone);
  if (iana.isValid && Number.isFinite(at)) {
    return Math.floor((at + offsetMsAtInstant(iana, at)) / DAY_MS);
  }
  return localDayNumber(DateTime.fromMillis(at, { zone: 'utc' }), zone);
}

/** The local date of `at` in `zone`, as days since 1970-01-01 (that date being 0). */
export function localDayNumber(at: DateTime, zone: string): number {
  const ms = at.toMillis();
  const iana = IANAZone.create(zone);
  // Wall-clock time is the instant plus the zone's offset there: the same sum luxon makes.
  if (iana.isValid && Number.isFinite(ms)) {
    return Math.floor((ms + offsetMsAtInstant(iana, ms)) / DAY_MS);
  }
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
 * luxon moves to the first instant that exists, which is what "from that day on" means. Where
 * one falls back so that midnight happens twice (America/Havana, 1 November 2026), luxon picks
 * the second; the day began at the first, so that is the one returned.
 */
export function startOfLocalDay(dayNumber: number, zone: string): DateTime {
  const date = DateTime.fromMillis(dayNumber * DAY_MS, { zone: 'utc' });
  const start = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone },
  ).startOf('day');
  // Offsets change by whole or half hours: an earlier midnight of the same day is that far back.
  for (const minutes of REPEATED_MIDNIGHT_MINUTES) {
    const earlier = start.minus({ minutes });
    if (isMidnightOf(earlier, date)) return earlier;
  }
  return start;
}

const REPEATED_MIDNIGHT_MINUTES = [120, 60, 30] as const;

function isMidnightOf(at: DateTime, date: DateTime): boolean {
  return (
    at.year === date.year &&
    at.month === date.month &&
    at.day === date.day &&
    at.hour === 0 &&
    at.minute === 0 &&
    at.second === 0 &&
    at.millisecond === 0
  );
}

/**
 * {@link startOfLocalDay} in epoch milliseconds. When the zone keeps one offset for two days
 * either side, local midnight is one instant and luxon finds exactly it, so it is computed
 * directly; near an offset change (a skipped or repeated midnight) luxon decides, as before.
 */
export function startOfLocalDayMs(dayNumber: number, zone: string): number {
  const iana = IANAZone.create(zone);
  const wallMidnight = dayNumber * DAY_MS;
  if (iana.isValid && Number.isFinite(wallMidnight)) {
    const offsetMs = constantOffsetMs(iana, wallMidnight - AROUND_MS, wallMidnight + AROUND_MS);
    if (offsetMs !== undefined) return wallMidnight - offsetMs;
  }
  return startOfLocalDay(dayNumber, zone).toMillis();
}
