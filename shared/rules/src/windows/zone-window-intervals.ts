import type { IANAZone } from 'luxon';
import type { MsInterval } from './interval-set.js';
import { normalize } from './interval-set.js';
import type { MinuteRange } from './local-time.js';
import { DAY_MS, MINUTE_MS } from './local-time.js';
import { offsetSegments } from './zone-offsets.js';

/**
 * The local minute ranges of a wall-clock day (days since 1970-01-01 on the wall clock), or an
 * empty list when the day is closed.
 */
export type RangesOfDay = (epochDay: number) => readonly MinuteRange[];

/**
 * The instants in [from, to) whose local wall-clock time in `zone` lies in one of the ranges
 * that `rangesOfDay` gives for its local date.
 *
 * Exact by construction: on each segment of constant offset `o`, wall time is `t + o`, so the
 * instants of a wall range [ws, we) are [ws − o, we − o) cut to the segment. Hence a range that
 * starts in a spring-forward gap begins when the clocks land after it (02:30 on 2026-03-08 in
 * New York begins at 03:00 EDT), and a range inside a fall-back overlap (01:00–02:00 on
 * 2026-11-01) yields both of its occurrences.
 */
export function zoneWindowIntervals(
  zone: IANAZone,
  from: number,
  to: number,
  rangesOfDay: RangesOfDay,
): MsInterval[] {
  const out: MsInterval[] = [];
  for (const segment of offsetSegments(zone, from, to)) {
    const o = segment.offsetMs;
    const firstDay = Math.floor((segment.start + o) / DAY_MS);
    const lastDay = Math.floor((segment.end - 1 + o) / DAY_MS);
    for (let day = firstDay; day <= lastDay; day += 1) {
      const midnightUtc = day * DAY_MS - o;
      for (const [startMinute, endMinute] of rangesOfDay(day)) {
        const start = Math.max(segment.start, midnightUtc + startMinute * MINUTE_MS);
        const end = Math.min(segment.end, midnightUtc + endMinute * MINUTE_MS);
        if (start < end) out.push([start, end]);
      }
    }
  }
  return normalize(out);
}
