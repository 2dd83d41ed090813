import { AppError } from '@kindly/errors';
import { IANAZone } from 'luxon';
import { MINUTE_MS } from './local-time.js';

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

/** A zone's offset at the start of a UTC year and each change within that year. */
interface YearOffsets {
  readonly startOffsetMs: number;
  readonly changes: readonly { readonly at: number; readonly offsetMs: number }[];
}

/*
 * Asking the runtime for an offset costs microseconds (Intl formats a date), and a decision asks
 * for days of several zones. A zone's changes in a year never change within a process (the
 * tz data is loaded once), so they are found once and memoised: pure data, no behaviour.
 */
const yearOffsetsCache = new Map<string, YearOffsets>();

function offsetMsAt(zone: IANAZone, instant: number): number {
  return zone.offset(instant) * MINUTE_MS;
}

function yearOffsets(zone: IANAZone, year: number): YearOffsets {
  const key = `${zone.name}|${year}`;
  const cached = yearOffsetsCache.get(key);
  if (cached !== undefined) return cached;
  const from = Date.UTC(year, 0, 1);
  const to = Date.UTC(year + 1, 0, 1);
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
    // A change exactly at New Year is the next year's start offset, not a change of this one.
    if (high >= to) break;
    offsetMs = offsetMsAt(zone, high);
    changes.push({ at: high, offsetMs });
    probe = high;
  }
  const result = { startOffsetMs, changes };
  yearOffsetsCache.set(key, result);
  return result;
}

/**
 * Splits [from, to) into segments of constant offset in `zone`, so that on each segment local
 * wall-clock time is UTC plus one number. DST gaps and overlaps are segment boundaries.
 */
export function offsetSegments(zone: IANAZone, from: number, to: number): OffsetSegment[] {
  const firstYear = new Date(from).getUTCFullYear();
  const lastYear = new Date(to - 1).getUTCFullYear();
  let offsetMs = yearOffsets(zone, firstYear).startOffsetMs;
  const changes: { readonly at: number; readonly offsetMs: number }[] = [];
  for (let year = firstYear; year <= lastYear; year += 1) {
    const offsets = yearOffsets(zone, year);
    if (year > firstYear)
      changes.push({ at: Date.UTC(year, 0, 1), offsetMs: offsets.startOffsetMs });
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
