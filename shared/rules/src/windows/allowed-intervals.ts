import type { DateTime } from 'luxon';
import type { HolidayCalendar } from './holiday-calendar.js';
import type { MsInterval } from './interval-set.js';
import { intersect, subtract } from './interval-set.js';
import type { LocalWeeklyWindow, MinuteRange } from './local-time.js';
import { isoDateOfEpochDay, isoWeekdayOfEpochDay, rangesByWeekday } from './local-time.js';
import type { UtcInterval } from './utc-interval.js';
import { toUtcInterval } from './utc-interval.js';
import type { RangesOfDay } from './zone-window-intervals.js';
import { zoneWindowIntervals } from './zone-window-intervals.js';
import { ianaZone } from './zone-offsets.js';
import type { WeekIntervalCache } from './week-interval-cache.js';

/** When contact is allowed in one zone, in that zone's local time (a jurisdiction's rules). */
export interface ContactRules {
  /**
   * Contact hours by weekday, e.g. `{ days: [1,2,3,4,5,6,7], start: '08:00', end: '21:00' }`.
   * Several windows on a day are united; a weekday without a window is closed.
   */
  readonly hours: readonly LocalWeeklyWindow[];
  /**
   * Local dates on which no contact is allowed at all (public holidays, dates policy adds), and
   * weekend dates that are working days (China's 调休): such a day is open whatever
   * `closedWeekdays` says, in the hours every working day (Monday to Friday) has.
   */
  readonly holidays?: HolidayCalendar | undefined;
  /** ISO weekdays closed whatever `hours` says, e.g. `[7]` for the no-Sunday policy flag. */
  readonly closedWeekdays?: readonly number[] | undefined;
}

/** Everything {@link allowedIntervals} needs; no field is read from anywhere else. */
export interface AllowedIntervalsInput {
  /** Every zone the customer may be in (see `candidateZones`). */
  readonly zones: readonly string[];
  /**
   * The rules of each zone; jurisdictions differ, so a policy may answer per zone, and with
   * several sets where several jurisdictions' rules hold there at once (all must allow).
   */
  readonly rulesFor: (zone: string) => ContactRules | readonly ContactRules[];
  /** The customer's own zone, in which their preferred and inconvenient windows are written. */
  readonly primaryZone: string;
  /** When present and non-empty, contact happens only inside these (e.g. "after work"). */
  readonly preferredWindows?: readonly LocalWeeklyWindow[] | undefined;
  /** Times the customer said are inconvenient; always removed. */
  readonly inconvenientWindows?: readonly LocalWeeklyWindow[] | undefined;
  /**
   * Where the weeks worked out are kept (the loaded policy's, `RuleCaches`); absent, every
   * question is computed afresh.
   */
  readonly weeks?: WeekIntervalCache | undefined;
  /** The search range [from, to). */
  readonly from: DateTime;
  readonly to: DateTime;
}

/**
 * The UTC intervals within [from, to) in which contact is allowed in every candidate zone at
 * once: inside that zone's hours on a day that is neither a holiday nor a closed weekday there,
 * inside the customer's preferred windows (if any), outside their inconvenient windows.
 *
 * Intervals are half-open, sorted, disjoint and maximal: two never touch, and each ends where
 * a rule closes or at `to`. The primary zone is always one of the zones. Exact to the
 * millisecond across DST changes and for any offset (+05:45, +12:45), because local windows are
 * mapped to UTC per segment of constant offset (see `zoneWindowIntervals`).
 */
export function allowedIntervals(input: AllowedIntervalsInput): UtcInterval[] {
  return allowedIntervalsMs(input).map(toUtcInterval);
}

/** {@link allowedIntervals} in epoch milliseconds, for callers that go on computing. */
export function allowedIntervalsMs(input: AllowedIntervalsInput): MsInterval[] {
  return allowedIntervalsWith(
    input,
    input.from.toMillis(),
    input.to.toMillis(),
    intervalsFor(input),
  );
}

/** {@link allowedIntervalsMs} over [from, to) in epoch milliseconds: no DateTime needed. */
export function allowedIntervalsBetween(
  input: Omit<AllowedIntervalsInput, 'from' | 'to'>,
  from: number,
  to: number,
): MsInterval[] {
  return allowedIntervalsWith(input, from, to, intervalsFor(input));
}

/**
 * {@link allowedIntervalsMs} computed afresh, keeping nothing: the reference the cached path is
 * tested against.
 */
export function allowedIntervalsMsUncached(input: AllowedIntervalsInput): MsInterval[] {
  return allowedIntervalsWith(input, input.from.toMillis(), input.to.toMillis(), freshIntervals);
}

/**
 * The instants in [from, to) of a fixed set: a zone's `ContactRules`, or a list of weekly
 * windows in the customer's zone. `owner` is that rules object or list; `rangesOfDay` says what
 * it means, day by day.
 */
type IntervalsOf = (
  owner: ContactRules | readonly LocalWeeklyWindow[],
  zone: string,
  from: number,
  to: number,
  rangesOfDay: () => RangesOfDay,
) => MsInterval[];

function intervalsFor(input: { readonly weeks?: WeekIntervalCache | undefined }): IntervalsOf {
  const weeks = input.weeks;
  return weeks === undefined ? freshIntervals : (...args) => weeks.intervals(...args);
}

const freshIntervals: IntervalsOf = (_owner, zone, from, to, rangesOfDay) =>
  zoneWindowIntervals(ianaZone(zone), from, to, rangesOfDay());

function allowedIntervalsWith(
  input: Omit<AllowedIntervalsInput, 'from' | 'to'>,
  from: number,
  to: number,
  intervalsOf: IntervalsOf,
): MsInterval[] {
  if (!(from < to)) return [];

  let allowed: MsInterval[] = [[from, to]];
  for (const zone of new Set([input.primaryZone, ...input.zones])) {
    for (const rules of rulesList(input.rulesFor(zone))) {
      allowed = intersect(
        allowed,
        intervalsOf(rules, zone, from, to, () => rulesRangesOfDay(rules)),
      );
      if (allowed.length === 0) return allowed;
    }
  }

  const customerZone = input.primaryZone;
  const preferred = input.preferredWindows;
  if (preferred !== undefined && preferred.length > 0) {
    allowed = intersect(
      allowed,
      intervalsOf(preferred, customerZone, from, to, () => weeklyRangesOfDay(preferred)),
    );
  }
  const inconvenient = input.inconvenientWindows;
  if (inconvenient !== undefined && inconvenient.length > 0) {
    allowed = subtract(
      allowed,
      intervalsOf(inconvenient, customerZone, from, to, () => weeklyRangesOfDay(inconvenient)),
    );
  }
  // Every list above is in normal form (sorted, disjoint, not touching), and so are the
  // intersection and difference of lists in normal form: nothing is left to normalize.
  return allowed;
}

function rulesList(rules: ContactRules | readonly ContactRules[]): readonly ContactRules[] {
  return isRulesList(rules) ? rules : [rules];
}

function isRulesList(
  rules: ContactRules | readonly ContactRules[],
): rules is readonly ContactRules[] {
  return Array.isArray(rules);
}

/*
 * A list of weekly windows as ranges per day. Parsed when asked: with a `WeekIntervalCache` only
 * for a week not kept yet, so nothing needs keeping here.
 */
function weeklyRangesOfDay(windows: readonly LocalWeeklyWindow[]): RangesOfDay {
  const ranges = rangesByWeekday(windows);
  return (epochDay) => ranges[isoWeekdayOfEpochDay(epochDay)] ?? [];
}

const CLOSED: readonly MinuteRange[] = [];

function rulesRangesOfDay(rules: ContactRules): RangesOfDay {
  const open = weeklyRangesOfDay(rules.hours);
  const closedWeekdays = new Set(rules.closedWeekdays ?? []);
  const holidays = rules.holidays;
  let workingDay: readonly MinuteRange[] | undefined;
  return (epochDay) => {
    if (holidays !== undefined) {
      const date = isoDateOfEpochDay(epochDay);
      if (holidays.isHoliday(date)) return CLOSED;
      if (holidays.isMakeUpWorkday?.(date) === true) {
        workingDay ??= workingDayRanges(open, epochDay);
        return workingDay;
      }
    }
    if (closedWeekdays.has(isoWeekdayOfEpochDay(epochDay))) return CLOSED;
    return open(epochDay);
  };
}

/**
 * The hours a make-up working day has: those open on every day Monday to Friday (the same
 * hours each day in every shipped policy), so that a weekday rule is never widened.
 */
function workingDayRanges(open: RangesOfDay, anyDay: number): readonly MinuteRange[] {
  const monday = anyDay - isoWeekdayOfEpochDay(anyDay) + 1;
  let ranges: readonly MinuteRange[] = open(monday);
  // Each weekday's ranges are in normal form (`rangesByWeekday`), and so is an intersection.
  for (let day = monday + 1; day < monday + 5; day += 1) ranges = intersect(ranges, open(day));
  return ranges;
}
