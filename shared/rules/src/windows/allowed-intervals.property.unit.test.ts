import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactRules } from './allowed-intervals.js';
import { allowedIntervals } from './allowed-intervals.js';
import type { LocalWeeklyWindow } from './local-time.js';

/** Real zones with every kind of offset: DST north and south, none, :30, :45, ±13:45. */
const ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Phoenix',
  'America/Los_Angeles',
  'America/Anchorage',
  'America/Adak',
  'Pacific/Honolulu',
  'America/St_Johns',
  'America/Sao_Paulo',
  'Europe/London',
  'Europe/Berlin',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Shanghai',
  'Asia/Tokyo',
  'Australia/Adelaide',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
];

/** Days on which some zone above changes offset (US, EU, Brazil none since 2019, AU, NZ/Chatham). */
const DST_CHANGES = [
  '2026-03-08T00:00:00Z',
  '2026-03-29T00:00:00Z',
  '2026-04-05T00:00:00Z',
  '2026-09-27T00:00:00Z',
  '2026-10-04T00:00:00Z',
  '2026-10-25T00:00:00Z',
  '2026-11-01T00:00:00Z',
  '2027-03-14T00:00:00Z',
  '2027-04-04T00:00:00Z',
  '2027-09-26T00:00:00Z',
  '2027-11-07T00:00:00Z',
];

const RANGE_START = Date.UTC(2026, 0, 1);
const RANGE_END = Date.UTC(2028, 0, 1);
const HOUR = 3_600_000;

const hhmm = (minutes: number) =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Minutes of a day, biased to the edges where bugs live: midnight at both ends (so windows of
 * consecutive days touch), the DST hours (01:00–03:59), quarter hours, and any minute.
 */
const minuteOfDay = fc.oneof(
  fc.constantFrom(0, 1440, 480, 1260),
  fc.integer({ min: 60, max: 239 }),
  fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
  fc.integer({ min: 0, max: 1440 }),
);

/** A weekly window with minute-precise times, 24:00 allowed as an end. */
const weeklyWindow: fc.Arbitrary<LocalWeeklyWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    a: minuteOfDay,
    b: minuteOfDay,
  })
  .filter(({ a, b }) => a !== b)
  .map(({ days, a, b }) => ({ days, start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));

/** Random local holiday dates in 2026–2027, as a calendar. */
const holidayDates = fc.uniqueArray(
  fc
    .integer({ min: 0, max: 729 })
    .map((d) => new Date(RANGE_START + d * 24 * HOUR).toISOString().slice(0, 10)),
  { maxLength: 40 },
);

const scenario = fc.record({
  zones: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 3 }),
  hours: fc.array(weeklyWindow, { minLength: 1, maxLength: 3 }),
  holidays: holidayDates,
  noSunday: fc.boolean(),
  preferred: fc.option(fc.array(weeklyWindow, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  inconvenient: fc.option(fc.array(weeklyWindow, { minLength: 1, maxLength: 2 }), {
    nil: undefined,
  }),
  from: fc.oneof(
    fc.integer({ min: RANGE_START, max: RANGE_END - 11 * 24 * HOUR }),
    // Half the runs start within three days of a DST change of one of the zones.
    fc
      .record({
        change: fc.constantFrom(...DST_CHANGES),
        shift: fc.integer({ min: -3 * 24 * HOUR, max: 24 * HOUR }),
      })
      .map(({ change, shift }) => Date.parse(change) + shift),
  ),
  length: fc.integer({ min: 1, max: 10 * 24 * HOUR }),
  probes: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** Is local time of `instant` in `zone` inside one of `windows` (for its weekday)? */
function inWeekly(instant: number, zone: string, windows: readonly LocalWeeklyWindow[]): boolean {
  const local = DateTime.fromMillis(instant, { zone });
  const msOfDay = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  return windows.some((w) => {
    if (!w.days.includes(local.weekday)) return false;
    const [sh = 0, sm = 0] = w.start.split(':').map(Number);
    const [eh = 0, em = 0] = w.end.split(':').map(Number);
    return msOfDay >= (sh * 60 + sm) * 60_000 && msOfDay < (eh * 60 + em) * 60_000;
  });
}

/** The rule, checked instant by instant with luxon: an oracle independent of the implementation. */
function allowedAt(s: Scenario, instant: number): boolean {
  const primary = s.zones[0] ?? 'UTC';
  const everyZone = s.zones.every((zone) => {
    const local = DateTime.fromMillis(instant, { zone });
    if (s.noSunday && local.weekday === 7) return false;
    if (s.holidays.includes(local.toISODate() ?? '')) return false;
    return inWeekly(instant, zone, s.hours);
  });
  if (!everyZone) return false;
  if (s.preferred !== undefined && !inWeekly(instant, primary, s.preferred)) return false;
  if (s.inconvenient !== undefined && inWeekly(instant, primary, s.inconvenient)) return false;
  return true;
}

function run(s: Scenario) {
  const holidays = new Set(s.holidays);
  const rules: ContactRules = {
    hours: s.hours,
    holidays: { isHoliday: (date) => holidays.has(date) },
    closedWeekdays: s.noSunday ? [7] : [],
  };
  const from = s.from;
  const to = s.from + s.length;
  const result = allowedIntervals({
    zones: s.zones,
    primaryZone: s.zones[0] ?? 'UTC',
    rulesFor: () => rules,
    preferredWindows: s.preferred,
    inconvenientWindows: s.inconvenient,
    from: DateTime.fromMillis(from),
    to: DateTime.fromMillis(to),
  }).map((i) => [i.start.toMillis(), i.end.toMillis()] as const);
  return { from, to, result };
}

describe('allowedIntervals (properties, 2026–2027)', () => {
  it('every instant of a returned interval is allowed in every candidate zone', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { from, to, result } = run(s);
        for (const [start, end] of result) {
          expect(start).toBeGreaterThanOrEqual(from);
          expect(end).toBeLessThanOrEqual(to);
          expect(start).toBeLessThan(end);
          for (const p of [0, ...s.probes.slice(0, 5)]) {
            const instant = Math.min(end - 1, start + Math.floor(p * (end - start)));
            expect(allowedAt(s, instant)).toBe(true);
          }
          expect(allowedAt(s, end - 1)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('intervals are sorted, disjoint and maximal: just outside each is forbidden or out of range', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { from, to, result } = run(s);
        result.forEach(([start, end], index) => {
          const previous = result[index - 1];
          if (previous !== undefined) expect(previous[1]).toBeLessThan(start);
          if (start > from) expect(allowedAt(s, start - 1)).toBe(false);
          if (end < to) expect(allowedAt(s, end)).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a random instant in range is inside a returned interval exactly when the rules allow it', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { from, to, result } = run(s);
        for (const p of s.probes) {
          const instant = Math.min(to - 1, from + Math.floor(p * (to - from)));
          const inside = result.some(([start, end]) => start <= instant && instant < end);
          expect(inside).toBe(allowedAt(s, instant));
        }
      }),
      { numRuns: 300 },
    );
  });
});
