import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { AllowedIntervalsInput, ContactRules } from './allowed-intervals.js';
import { allowedIntervalsMs, allowedIntervalsMsUncached } from './allowed-intervals.js';
import type { LocalWeeklyWindow } from './local-time.js';
import { WeekIntervalCache } from './week-interval-cache.js';
import { monthIndexOf } from './zone-offsets.js';

/*
 * The kept weeks of allowed intervals must answer exactly what computing afresh answers, for any
 * range, in any order of questions, for one rules object asked again and again (as a loaded
 * policy's rules are) and for several zones sharing it.
 */

const ZONES = [
  'America/New_York',
  'America/St_Johns',
  'Europe/London',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Shanghai',
  'Asia/Urumqi',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'Pacific/Kiritimati',
];
const DAY = 86_400_000;
const RANGE_START = Date.UTC(2025, 11, 1);
const RANGE_DAYS = 800;

const hhmm = (minutes: number) =>
  minutes === 1440
    ? '24:00'
    : `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const weeklyWindow: fc.Arbitrary<LocalWeeklyWindow> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    a: fc.oneof(
      fc.constantFrom(0, 1440, 120, 150),
      fc.integer({ min: 0, max: 96 }).map((q) => q * 15),
    ),
    b: fc.oneof(fc.constantFrom(0, 1440, 180), fc.integer({ min: 0, max: 1440 })),
  })
  .filter(({ a, b }) => a !== b)
  .map(({ days, a, b }) => ({ days, start: hhmm(Math.min(a, b)), end: hhmm(Math.max(a, b)) }));

const holidays = fc.uniqueArray(
  fc
    .integer({ min: 0, max: RANGE_DAYS })
    .map((d) => new Date(RANGE_START + d * DAY).toISOString().slice(0, 10)),
  { maxLength: 30 },
);

/** A range: anywhere, to the millisecond, up to ten days long, or a whole week boundary. */
const range = fc.oneof(
  fc.record({
    from: fc.integer({ min: RANGE_START, max: RANGE_START + (RANGE_DAYS - 11) * DAY }),
    length: fc.integer({ min: 1, max: 10 * DAY }),
  }),
  fc.record({
    from: fc.integer({ min: 2920, max: 2990 }).map((week) => week * 7 * DAY),
    length: fc.constantFrom(7 * DAY, 14 * DAY, 7 * DAY + 1, 1),
  }),
);

const scenario = fc.record({
  zones: fc.uniqueArray(fc.constantFrom(...ZONES), { minLength: 1, maxLength: 3 }),
  hours: fc.array(weeklyWindow, { minLength: 1, maxLength: 3 }),
  holidays,
  noSunday: fc.boolean(),
  preferred: fc.option(fc.array(weeklyWindow, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  inconvenient: fc.option(fc.array(weeklyWindow, { minLength: 1, maxLength: 2 }), {
    nil: undefined,
  }),
  ranges: fc.array(range, { minLength: 1, maxLength: 12 }),
});

describe('allowedIntervalsMs with kept weeks (properties)', () => {
  it('answers what computing afresh answers, question after question on the same rules', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const weeks = new WeekIntervalCache();
        const closed = new Set(s.holidays);
        const rules: ContactRules = {
          hours: s.hours,
          holidays: { isHoliday: (date) => closed.has(date) },
          closedWeekdays: s.noSunday ? [7] : [],
        };
        for (const { from, length } of s.ranges) {
          // Each zone its own primary in turn, so that one rules object serves several zones.
          for (const primaryZone of s.zones) {
            const input: AllowedIntervalsInput = {
              zones: s.zones,
              primaryZone,
              rulesFor: () => rules,
              preferredWindows: s.preferred,
              inconvenientWindows: s.inconvenient,
              from: DateTime.fromMillis(from, { zone: 'utc' }),
              to: DateTime.fromMillis(from + length, { zone: 'utc' }),
            };
            expect(allowedIntervalsMs({ ...input, weeks })).toEqual(
              allowedIntervalsMsUncached(input),
            );
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('two rules objects never read each other’s weeks, even with equal-looking questions', () => {
    const open: ContactRules = {
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '21:00' }],
    };
    const short: ContactRules = {
      hours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '10:00', end: '12:00' }],
    };
    const weeks = new WeekIntervalCache();
    const ask = (rules: ContactRules) =>
      allowedIntervalsMs({
        weeks,
        zones: ['Asia/Shanghai'],
        primaryZone: 'Asia/Shanghai',
        rulesFor: () => rules,
        from: DateTime.fromISO('2026-03-02T00:00:00Z'),
        to: DateTime.fromISO('2026-03-03T00:00:00Z'),
      });
    expect(ask(open)).toEqual([
      [Date.parse('2026-03-02T00:00:00Z'), Date.parse('2026-03-02T13:00:00Z')],
    ]);
    expect(ask(short)).toEqual([
      [Date.parse('2026-03-02T02:00:00Z'), Date.parse('2026-03-02T04:00:00Z')],
    ]);
  });

  it('still answers right when one question fills the cache and it starts again (21 years)', () => {
    const rules: ContactRules = {
      hours: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }],
    };
    const input: AllowedIntervalsInput = {
      zones: ['America/New_York'],
      primaryZone: 'America/New_York',
      rulesFor: () => rules,
      from: DateTime.fromISO('2020-01-01T00:00:00Z'),
      to: DateTime.fromISO('2041-01-01T00:00:00Z'),
    };
    const uncached = allowedIntervalsMsUncached(input);
    const weeks = new WeekIntervalCache();
    expect(allowedIntervalsMs({ ...input, weeks })).toEqual(uncached);
    expect(allowedIntervalsMs({ ...input, weeks })).toEqual(uncached);
  });
});

describe('monthIndexOf', () => {
  it('is what Date says, for any instant Date can hold, and NaN beyond', () => {
    const viaDate = (instant: number) => {
      const date = new Date(instant);
      return date.getUTCFullYear() * 12 + date.getUTCMonth();
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          // Month and year edges, a millisecond either side.
          fc
            .record({
              year: fc.integer({ min: -3000, max: 3000 }),
              month: fc.integer({ min: 0, max: 11 }),
              shift: fc.integer({ min: -1, max: 1 }),
            })
            .map(({ year, month, shift }) => Date.UTC(year, month, 1) + shift),
        ),
        (instant) => {
          expect(monthIndexOf(instant)).toBe(viaDate(instant));
        },
      ),
      { numRuns: 2_000 },
    );
    expect(monthIndexOf(8.64e15 + 1)).toBeNaN();
    expect(monthIndexOf(Number.NaN)).toBeNaN();
  });
});
