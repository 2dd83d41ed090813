import { DateTime } from 'luxon';
import type { MsInterval } from './interval-set.js';

/** A half-open interval [start, end) of instants, both ends in UTC. */
export interface UtcInterval {
  readonly start: DateTime;
  readonly end: DateTime;
}

/** Internal form → the exported form. */
export function toUtcInterval([start, end]: MsInterval): UtcInterval {
  return { start: utcDateTime(start), end: utcDateTime(end) };
}

/*
 * UTC DateTimes by their instant. Building one costs luxon a zone and a locale lookup and a
 * calendar split, and a decision's slots start and end on the same few window edges decision
 * after decision. A DateTime is immutable, so sharing one changes nothing; cleared when full.
 */
const UTC_CACHE_SIZE = 4_096;
const utcDateTimes = new Map<number, DateTime>();

/** `DateTime.fromMillis(epochMs, { zone: 'utc' })`, shared. */
export function utcDateTime(epochMs: number): DateTime {
  const cached = utcDateTimes.get(epochMs);
  if (cached !== undefined) return cached;
  const at = DateTime.fromMillis(epochMs, { zone: 'utc' });
  if (utcDateTimes.size >= UTC_CACHE_SIZE) utcDateTimes.clear();
  utcDateTimes.set(epochMs, at);
  return at;
}
