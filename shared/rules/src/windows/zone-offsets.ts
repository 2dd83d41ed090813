import { AppError } from '@kindly/errors';
import { IANAZone } from 'luxon';
import { DAY_MS, MINUTE_MS } from './local-time.js';

/** A stretch of time [start, end) (epoch ms) over which a zone's UTC offset is constant. */
export interface OffsetSegment {
  readonly start: number;
  readonly end: number;
  /** Local wall-clock time minus UTC, in milliseconds (+05:45 is 20_700_000). */
  readonly offsetMs: number;
}

/**
 * How far apart the offset is sampled. Real zones change offset at most a few times a year,
 * and never twice within 12 hours in a way that returns to the first offset (which is the only
 * change sampling could miss); every change found is then located to the millisecond.
 */
const PROBE_STEP_MS = 12 * 60 * MINUTE_MS;

/** The luxon zone of an IANA name; an unknown name is a permanent error, never UTC by default. */
export function ianaZone(name: string): IANAZone {
  // `create` memoises per name, and validity is computed once per instance: cheap to repeat.
  const zone = IANAZone.create(name);
  if (!zone.isValid) {
    throw new AppError('UNKNOWN_TIME_ZONE', 'the runtime does not know this IANA time zone', {
      details: { zone: name.slice(0, 64) },
    });
  }
  return zone;
}

/** A zone's offset at the start of a UTC month and each change within that month. */
interface MonthOffsets {
  readonly startOffsetMs: number;
  readonly changes: readonly { readonly at: number; readonly offsetMs: number }[];
}

/*
 * Asking the runtime for an offset costs microseconds (Intl formats a date), and a decision asks
 * for days of several zones. A zone's changes in a month never change within a process (the
 * tz data is loaded once), so they are found once and memoised: pure data, no behaviour. Keyed
 * by zone, then month (year × 12 + month), so that a lookup builds no string; bounded by the
 * zones and months asked. A month, not a year: a decision looks a week or so ahead, and finding
 * a whole year's changes (hundreds of Intl calls per zone) cost more than a thousand decisions.
 */
const monthOffsetsCache = new Map<string, Map<number, MonthOffsets>>();

/** The largest instant a `Date` holds; beyond it `Date` answers NaN, and so does this. */
const MAX_DATE_MS = 8.64e15;

/**
 * The month (UTC) of an instant as year × 12 + month (0-based): what `new Date(instant)`'s
 * `getUTCFullYear() * 12 + getUTCMonth()` answers, by integer arithmetic on the proleptic
 * Gregorian calendar (H. Hinnant's `civil_from_days`). Every offset lookup asks it, and
 * allocating a Date to answer was a tenth of a decision.
 */
export function monthIndexOf(instant: number): number {
  if (!(Math.abs(instant) <= MAX_DATE_MS)) return NaN;
  const days = Math.floor(instant / DAY_MS) + 719_468; // days since 0000-03-01
  const era = Math.floor(days / 146_097);
  const dayOfEra = days - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const marchBasedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March … 11 = February
  const month = marchBasedMonth < 10 ? marchBasedMonth + 2 : marchBasedMonth - 10; // 0-based
  const year = yearOfEra + era * 400 + (month < 2 ? 1 : 0);
  return year * 12 + month;
}

function monthStart(index: number): number {
  const year = Math.floor(index / 12);
  return Date.UTC(year, index - year * 12, 1);
}

function offsetMsAt(zone: IANAZone, instant: number): number {
  return zone.offset(instant) * MINUTE_MS;
}

function monthOffsets(zone: IANAZone, month: number): MonthOffsets {
  let byMonth = monthOffsetsCache.get(zone.name);
  if (byMonth === undefined) {
    byMonth = new Map();
    monthOffsetsCache.set(zone.name, byMonth);
  }
  const cached = byMonth.get(month);
  if (cached !== undefined) return cached;
  const from = monthStart(month);
  const to = monthStart(month + 1);
  const startOffsetMs = offsetMsAt(zone, from);
  const changes: { at: number; offsetMs: number }[] = [];
  let offsetMs = startOffsetMs;
  for (let probe = from; probe < to;) {
    const next = Math.min(probe + PROBE_STEP_MS, to);
    if (offsetMsAt(zone, next) === offsetMs) {
      probe = next;
      continue;
    }
    // Binary search for the first instant with the new offset, in (probe, next].
    let low = probe;
    let high = next;
    while (high - low > 1) {
      const mid = Math.floor((low + high) / 2);
      if (offsetMsAt(zone, mid) === offsetMs) low = mid;
      else high = mid;
    }
    // A change exactly at the month's end is the next month's start offset, not one of this.
    if (high >= to) break;
    offsetMs = offsetMsAt(zone, high);
    changes.push({ at: high, offsetMs });
    probe = high;
  }
  const result = { startOffsetMs, changes };
  byMonth.set(month, result);
  return result;
}

/**
 * The offset (local wall-clock time minus UTC, ms) of `zone` at `instant`, from the memoised
 * changes: what `zone.offset(instant)` answers, without asking Intl again.
 */
export function offsetMsAtInstant(zone: IANAZone, instant: number): number {
  const offsets = monthOffsets(zone, monthIndexOf(instant));
  let offsetMs = offsets.startOffsetMs;
  for (const change of offsets.changes) {
    if (change.at > instant) break;
    offsetMs = change.offsetMs;
  }
  return offsetMs;
}

/**
 * The offset of `zone` when it is the same at every instant of [from, to], else `undefined`
 * (a change, or a month that starts on another offset, lies in the range). Where it is
 * constant, local time is UTC plus one number and no DST rule can make a luxon answer differ.
 */
export function constantOffsetMs(zone: IANAZone, from: number, to: number): number | undefined {
  const firstMonth = monthIndexOf(from);
  const lastMonth = monthIndexOf(to);
  const offsetMs = offsetMsAtInstant(zone, from);
  for (let month = firstMonth; month <= lastMonth; month += 1) {
    const offsets = monthOffsets(zone, month);
    if (month > firstMonth && offsets.startOffsetMs !== offsetMs) return undefined;
    for (const change of offsets.changes) {
      if (change.at > from && change.at <= to) return undefined;
    }
  }
  return offsetMs;
}

/**
 * Splits [from, to) into segments of constant offset in `zone`, so that on each segment local
 * wall-clock time is UTC plus one number. DST gaps and overlaps are segment boundaries.
 */
export function offsetSegments(zone: IANAZone, from: number, to: number): OffsetSegment[] {
  const firstMonth = monthIndexOf(from);
  const lastMonth = monthIndexOf(to - 1);
  let offsetMs = monthOffsets(zone, firstMonth).startOffsetMs;
  const changes: { readonly at: number; readonly offsetMs: number }[] = [];
  for (let month = firstMonth; month <= lastMonth; month += 1) {
    const offsets = monthOffsets(zone, month);
    if (month > firstMonth)
      changes.push({ at: monthStart(month), offsetMs: offsets.startOffsetMs });
    changes.push(...offsets.changes);
  }
  const segments: OffsetSegment[] = [];
  let segmentStart = from;
  for (const change of changes) {
    if (change.at <= from) {
      offsetMs = change.offsetMs;
      continue;
    }
    if (change.at >= to) break;
    if (change.offsetMs !== offsetMs) {
      segments.push({ start: segmentStart, end: change.at, offsetMs });
      segmentStart = change.at;
      offsetMs = change.offsetMs;
    }
  }
  segments.push({ start: segmentStart, end: to, offsetMs });
  return segments;
}
