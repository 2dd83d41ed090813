import { AppError } from '@kindly/errors';
import { normalize } from './interval-set.js';

/** Milliseconds in a minute and in a (wall-clock) day. */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** A local time range within one day, in minutes after midnight: [start, end), end ≤ 1440. */
export type MinuteRange = readonly [start: number, end: number];

/**
 * A weekly window in local time: the ISO weekdays (1 Monday … 7 Sunday) it applies to and its
 * times, `HH:mm` to `HH:mm` or `24:00` (end exclusive). The contract's `WeeklyWindow` has this
 * shape, so contact records pass as they are.
 */
export interface LocalWeeklyWindow {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * Minutes after midnight of `HH:mm`; `24:00` only where `endOfDay` allows it (a window's end).
 * A malformed time is a configuration error, not something to guess around.
 */
export function minutesOfDay(text: string, endOfDay: boolean): number {
  if (endOfDay && text === '24:00') return 1440;
  const match = TIME.exec(text);
  if (match === null) {
    throw new AppError('INVALID_LOCAL_TIME', `expected HH:mm${endOfDay ? ' or 24:00' : ''}`, {
      details: { value: text.slice(0, 16) },
    });
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

/**
 * Weekly windows as, for each ISO weekday (index 1…7; index 0 unused), the sorted, merged
 * minute ranges of that day. Throws on a malformed time, a day outside 1…7 or start ≥ end.
 */
export function rangesByWeekday(windows: readonly LocalWeeklyWindow[]): readonly MinuteRange[][] {
  const byDay: MinuteRange[][] = [[], [], [], [], [], [], [], []];
  for (const window of windows) {
    const start = minutesOfDay(window.start, false);
    const end = minutesOfDay(window.end, true);
    if (start >= end) {
      throw new AppError('INVALID_LOCAL_WINDOW', 'a window must start before it ends', {
        details: { start: window.start, end: window.end },
      });
    }
    for (const day of window.days) {
      const ranges = Number.isInteger(day) ? byDay[day] : undefined;
      if (day < 1 || ranges === undefined) {
        throw new AppError('INVALID_LOCAL_WINDOW', 'a weekday must be 1 (Monday) to 7 (Sunday)', {
          details: { day },
        });
      }
      ranges.push([start, end]);
    }
  }
  // Minute ranges of a day merge like any half-open intervals.
  return byDay.map((ranges) => normalize(ranges));
}

/**
 * A local calendar day is numbered as days since 1970-01-01 on the wall clock: the wall-clock
 * time `t + offset` of an instant `t`, divided by a day. Pure arithmetic, no zone involved.
 */
export function isoWeekdayOfEpochDay(epochDay: number): number {
  // 1970-01-01 was a Thursday (ISO 4); the double modulo keeps days before 1970 in range.
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/*
 * Every decision asks for the dates of the same week or so; formatting one allocates a Date and
 * two strings. A date's text never changes, so it is memoised, cleared when full (small).
 */
const ISO_DATE_CACHE_SIZE = 4_096;
const isoDates = new Map<number, string>();

/** `YYYY-MM-DD` of a wall-clock epoch day. */
export function isoDateOfEpochDay(epochDay: number): string {
  const cached = isoDates.get(epochDay);
  if (cached !== undefined) return cached;
  const date = new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
  if (isoDates.size >= ISO_DATE_CACHE_SIZE) isoDates.clear();
  isoDates.set(epochDay, date);
  return date;
}
