import type { MsInterval } from './interval-set.js';
import { DAY_MS } from './local-time.js';
import type { RangesOfDay } from './zone-window-intervals.js';
import { zoneWindowIntervals } from './zone-window-intervals.js';
import { ianaZone } from './zone-offsets.js';

/*
 * The instants a zone's rules allow are a fixed set: whether an instant is in it depends on the
 * instant, the zone and the rules alone, never on the range asked about (see
 * `zoneWindowIntervals`). Every decision asks for the next eight days or so of the same few
 * zones under the same few rules, and building those days again (offsets, weekdays, holidays)
 * was half of a decision. So the set is kept a week at a time (seven UTC days from a Thursday,
 * 1970-01-01 being one), per owner (the rules object, or a contact's list of windows) and zone,
 * and a range is read back from the weeks it covers: two or three for a decision.
 *
 * Keyed by the owner object in a WeakMap: a different rules object or contact never reads
 * another's weeks, and an owner that is dropped takes its weeks with it. An owner is read as immutable, as
 * the parsed-window cache already assumes. Bounded: an owner that has kept `WEEKS_PER_OWNER`
 * weeks (over all its zones) starts again from none.
 */
const WEEKS_PER_OWNER = 1_024;
const WEEK_MS = 7 * DAY_MS;

interface OwnerWeeks {
  size: number;
  readonly byZone: Map<string, Map<number, readonly MsInterval[]>>;
}

/**
 * Weeks of allowed instants, kept per owner and zone. A value, not a global: the loaded policy
 * owns one for its rules (`RuleCaches`), and a question asked without one computes afresh.
 */
export class WeekIntervalCache {
  readonly #weeksByOwner = new WeakMap<object, OwnerWeeks>();

  /**
   * What `zoneWindowIntervals(ianaZone(zone), from, to, rangesOfDay())` answers, from the weeks
   * kept for `owner` and `zone` (computing those not kept yet). `rangesOfDay` must be what
   * `owner` means, the same every time for the same owner; it is only called when a week is
   * missing.
   *
   * @throws AppError `UNKNOWN_TIME_ZONE` for an unknown zone (whose weeks are never kept).
   */
  intervals(
    owner: object,
    zone: string,
    from: number,
    to: number,
    rangesOfDay: () => RangesOfDay,
  ): MsInterval[] {
    if (!(from < to)) return [];
    let { weeks, byWeek } = this.#weeksOf(owner, zone);
    let ranges: RangesOfDay | undefined;
    const out: MsInterval[] = [];
    const lastWeek = Math.floor((to - 1) / WEEK_MS);
    for (let week = Math.floor(from / WEEK_MS); week <= lastWeek; week += 1) {
      let intervals = byWeek.get(week);
      if (intervals === undefined) {
        ranges ??= rangesOfDay();
        const weekStart = week * WEEK_MS;
        intervals = zoneWindowIntervals(ianaZone(zone), weekStart, weekStart + WEEK_MS, ranges);
        if (weeks.size >= WEEKS_PER_OWNER) {
          weeks.byZone.clear();
          weeks.size = 0;
          ({ weeks, byWeek } = this.#weeksOf(owner, zone));
        }
        byWeek.set(week, intervals);
        weeks.size += 1;
      }
      appendClipped(out, intervals, from, to);
    }
    return out;
  }

  #weeksOf(
    owner: object,
    zone: string,
  ): { weeks: OwnerWeeks; byWeek: Map<number, readonly MsInterval[]> } {
    let weeks = this.#weeksByOwner.get(owner);
    if (weeks === undefined) {
      weeks = { size: 0, byZone: new Map() };
      this.#weeksByOwner.set(owner, weeks);
    }
    let byWeek = weeks.byZone.get(zone);
    if (byWeek === undefined) {
      byWeek = new Map();
      weeks.byZone.set(zone, byWeek);
    }
    return { weeks, byWeek };
  }
}

/** A kept week's intervals inside [from, to), appended to `out` (joined where they touch). */
function appendClipped(
  out: MsInterval[],
  intervals: readonly MsInterval[],
  from: number,
  to: number,
): void {
  for (const interval of intervals) {
    if (interval[1] <= from) continue;
    if (interval[0] >= to) break;
    // Kept intervals are shared, never changed: one inside [from, to) goes out as it is.
    const clipped: MsInterval =
      interval[0] >= from && interval[1] <= to
        ? interval
        : [Math.max(interval[0], from), Math.min(interval[1], to)];
    // Weeks are in order and each is in normal form; an interval that runs past the end of a
    // week comes back as two that touch, and is joined again here.
    const last = out[out.length - 1];
    if (last !== undefined && clipped[0] <= last[1]) {
      out[out.length - 1] = [last[0], Math.max(last[1], clipped[1])];
    } else {
      out.push(clipped);
    }
  }
}
