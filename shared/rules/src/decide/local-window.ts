import { IANAZone, type DateTime } from 'luxon';
import { constantOffsetMs } from '../windows/zone-offsets.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/*
 * ISO texts of instants: a pure function of the instant, and a decision's slot starts and ends
 * fall on the same few window edges decision after decision. Cleared when full (small).
 */
const ISO_CACHE_SIZE = 4_096;
const isoTexts = new Map<number, string>();

/** luxon's `toUTC().toISO({ suppressMilliseconds: true })`, by `Date` for four-digit years. */
export function utcIso(at: DateTime): string {
  const ms = at.toMillis();
  const cached = isoTexts.get(ms);
  if (cached !== undefined) return cached;
  const text = utcIsoOf(at, ms);
  if (isoTexts.size >= ISO_CACHE_SIZE) isoTexts.clear();
  isoTexts.set(ms, text);
  return text;
}

function utcIsoOf(at: DateTime, ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999))
    return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
  const text = date.toISOString();
  return ms % 1000 === 0 ? `${text.slice(0, 19)}Z` : text;
}

function hhmm(wallMs: number): string {
  const minutes = Math.floor((((wallMs % DAY_MS) + DAY_MS) % DAY_MS) / MINUTE_MS);
  const hours = Math.floor(minutes / 60);
  return `${String(hours).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * The slot's window on the customer's wall clock: its start, and its end or `24:00` when it ends
 * on a later day. Where the zone keeps one offset from two days before to two days after the
 * slot, wall time is the instant plus that offset; otherwise luxon's zone math decides.
 */
export function localWindow(
  start: DateTime,
  end: DateTime,
  zone: string,
): { readonly start: string; readonly end: string } {
  const startMs = start.toMillis();
  const endMs = end.toMillis();
  const iana = IANAZone.create(zone);
  const offsetMs = iana.isValid
    ? constantOffsetMs(iana, startMs - 2 * DAY_MS, endMs + 2 * DAY_MS)
    : undefined;
  if (offsetMs !== undefined && Number.isFinite(startMs) && Number.isFinite(endMs)) {
    const startWall = startMs + offsetMs;
    const endWall = endMs + offsetMs;
    const sameDay = Math.floor(startWall / DAY_MS) === Math.floor(endWall / DAY_MS);
    return { start: hhmm(startWall), end: sameDay ? hhmm(endWall) : '24:00' };
  }
  const primary = start.setZone(zone);
  const endLocal = end.setZone(zone);
  return {
    start: primary.toFormat('HH:mm'),
    end: endLocal.hasSame(primary, 'day') ? endLocal.toFormat('HH:mm') : '24:00',
  };
}
