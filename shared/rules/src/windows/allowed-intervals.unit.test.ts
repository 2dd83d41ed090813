import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { ContactRules } from './allowed-intervals.js';
import { allowedIntervals } from './allowed-intervals.js';
import { createHolidayCalendar } from './holiday-calendar.js';

const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];
const US_HOURS: ContactRules = { hours: [{ days: EVERY_DAY, start: '08:00', end: '21:00' }] };

/** Runs allowedIntervals over [from, to) (ISO, UTC) and returns ISO pairs, for readable pins. */
function intervals(
  zones: readonly string[],
  from: string,
  to: string,
  rules: ContactRules = US_HOURS,
  extra: { preferred?: { days: number[]; start: string; end: string }[] } = {},
) {
  const [primaryZone = 'UTC'] = zones;
  return allowedIntervals({
    zones,
    primaryZone,
    rulesFor: () => rules,
    preferredWindows: extra.preferred,
    from: DateTime.fromISO(from, { zone: 'utc' }),
    to: DateTime.fromISO(to, { zone: 'utc' }),
  }).map((i) => [
    i.start.toISO({ suppressMilliseconds: true }),
    i.end.toISO({ suppressMilliseconds: true }),
  ]);
}

describe('allowedIntervals: America/New_York around the DST changes', () => {
  it('spring forward, 2026-03-08: 08:00–21:00 is 13:00–02:00Z the day before, 12:00–01:00Z on the day', () => {
    expect(intervals(['America/New_York'], '2026-03-07T05:00:00Z', '2026-03-09T04:00:00Z')).toEqual(
      [
        ['2026-03-07T13:00:00Z', '2026-03-08T02:00:00Z'],
        ['2026-03-08T12:00:00Z', '2026-03-09T01:00:00Z'],
      ],
    );
  });

  it('fall back, 2026-11-01: 12:00–01:00Z the day before, 13:00–02:00Z on the day', () => {
    expect(intervals(['America/New_York'], '2026-10-31T04:00:00Z', '2026-11-02T05:00:00Z')).toEqual(
      [
        ['2026-10-31T12:00:00Z', '2026-11-01T01:00:00Z'],
        ['2026-11-01T13:00:00Z', '2026-11-02T02:00:00Z'],
      ],
    );
  });

  it('a window starting in the spring-forward gap (02:30) opens when the clocks land, at 03:00 EDT', () => {
    const rules: ContactRules = { hours: [{ days: [7], start: '02:30', end: '03:30' }] };
    expect(
      intervals(['America/New_York'], '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z', rules),
    ).toEqual([['2026-03-08T07:00:00Z', '2026-03-08T07:30:00Z']]);
  });

  it('a window inside the fall-back overlap (01:15–01:45) happens twice, once per offset', () => {
    const rules: ContactRules = { hours: [{ days: [7], start: '01:15', end: '01:45' }] };
    expect(
      intervals(['America/New_York'], '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', rules),
    ).toEqual([
      ['2026-11-01T05:15:00Z', '2026-11-01T05:45:00Z'],
      ['2026-11-01T06:15:00Z', '2026-11-01T06:45:00Z'],
    ]);
  });

  it('a whole-day window (00:00–24:00) on the fall-back day lasts 25 hours, and 24:00 is midnight', () => {
    const rules: ContactRules = { hours: [{ days: [7], start: '00:00', end: '24:00' }] };
    expect(
      intervals(['America/New_York'], '2026-10-31T00:00:00Z', '2026-11-03T00:00:00Z', rules),
    ).toEqual([['2026-11-01T04:00:00Z', '2026-11-02T05:00:00Z']]);
  });
});

describe('allowedIntervals: half-, quarter-hour and no-DST zones', () => {
  it('Asia/Kolkata (+05:30): 08:00–21:00 is 02:30–15:30Z', () => {
    expect(intervals(['Asia/Kolkata'], '2026-06-10T00:00:00Z', '2026-06-10T20:00:00Z')).toEqual([
      ['2026-06-10T02:30:00Z', '2026-06-10T15:30:00Z'],
    ]);
  });

  it('Asia/Kathmandu (+05:45): 08:00–21:00 is 02:15–15:15Z', () => {
    expect(intervals(['Asia/Kathmandu'], '2026-06-10T00:00:00Z', '2026-06-10T20:00:00Z')).toEqual([
      ['2026-06-10T02:15:00Z', '2026-06-10T15:15:00Z'],
    ]);
  });

  it('Pacific/Chatham in standard time (+12:45, July): 08:00–21:00 is 19:15Z the day before to 08:15Z', () => {
    expect(intervals(['Pacific/Chatham'], '2026-07-14T12:00:00Z', '2026-07-15T12:00:00Z')).toEqual([
      ['2026-07-14T19:15:00Z', '2026-07-15T08:15:00Z'],
    ]);
  });

  it('Pacific/Chatham in daylight time (+13:45, January): 08:00–21:00 is 18:15Z the day before to 07:15Z', () => {
    expect(intervals(['Pacific/Chatham'], '2026-01-14T12:00:00Z', '2026-01-15T12:00:00Z')).toEqual([
      ['2026-01-14T18:15:00Z', '2026-01-15T07:15:00Z'],
    ]);
  });

  it('Pacific/Chatham on its spring-forward day (2026-09-27, 02:45 → 03:45): a 03:00–04:00 window is 03:45–04:00', () => {
    const rules: ContactRules = { hours: [{ days: [7], start: '03:00', end: '04:00' }] };
    expect(
      intervals(['Pacific/Chatham'], '2026-09-26T00:00:00Z', '2026-09-27T00:00:00Z', rules),
    ).toEqual([['2026-09-26T14:00:00Z', '2026-09-26T14:15:00Z']]);
  });

  it('Asia/Shanghai (+08:00, no DST): 08:00–21:00 is 00:00–13:00Z in winter and summer alike', () => {
    expect(intervals(['Asia/Shanghai'], '2026-01-10T00:00:00Z', '2026-01-10T23:00:00Z')).toEqual([
      ['2026-01-10T00:00:00Z', '2026-01-10T13:00:00Z'],
    ]);
    expect(intervals(['Asia/Shanghai'], '2026-07-10T00:00:00Z', '2026-07-10T23:00:00Z')).toEqual([
      ['2026-07-10T00:00:00Z', '2026-07-10T13:00:00Z'],
    ]);
  });
});

describe('allowedIntervals: closed days', () => {
  it('a holiday removes its local day: China National Day, 2026-10-01 to 10-03', () => {
    const rules: ContactRules = { ...US_HOURS, holidays: createHolidayCalendar({ country: 'CN' }) };
    expect(
      intervals(['Asia/Shanghai'], '2026-09-29T16:00:00Z', '2026-10-04T16:00:00Z', rules),
    ).toEqual([
      ['2026-09-30T00:00:00Z', '2026-09-30T13:00:00Z'],
      ['2026-10-04T00:00:00Z', '2026-10-04T13:00:00Z'],
    ]);
  });

  it('the no-Sunday flag closes Sunday in local time', () => {
    const rules: ContactRules = { ...US_HOURS, closedWeekdays: [7] };
    // Saturday 2026-03-07 and Monday 2026-03-09 stay; Sunday 2026-03-08 goes.
    expect(
      intervals(['America/New_York'], '2026-03-07T05:00:00Z', '2026-03-10T04:00:00Z', rules),
    ).toEqual([
      ['2026-03-07T13:00:00Z', '2026-03-08T02:00:00Z'],
      ['2026-03-09T12:00:00Z', '2026-03-10T01:00:00Z'],
    ]);
  });

  it('windows may differ per weekday', () => {
    const rules: ContactRules = {
      hours: [
        { days: [1, 2, 3, 4, 5], start: '08:00', end: '21:00' },
        { days: [6], start: '10:00', end: '16:00' },
      ],
    };
    expect(
      intervals(['Asia/Shanghai'], '2026-03-05T16:00:00Z', '2026-03-08T16:00:00Z', rules),
    ).toEqual([
      ['2026-03-06T00:00:00Z', '2026-03-06T13:00:00Z'],
      ['2026-03-07T02:00:00Z', '2026-03-07T08:00:00Z'],
    ]);
  });
});

describe('allowedIntervals: ambiguous location (intersection over every candidate zone)', () => {
  it('New York + Los Angeles: 11:00–21:00 Eastern', () => {
    expect(
      intervals(
        ['America/New_York', 'America/Los_Angeles'],
        '2026-07-15T04:00:00Z',
        '2026-07-16T04:00:00Z',
      ),
    ).toEqual([['2026-07-15T15:00:00Z', '2026-07-16T01:00:00Z']]);
  });

  it('+ Honolulu (no DST) narrows it to 14:00–21:00 EDT in summer and 13:00–21:00 EST in winter', () => {
    const zones = ['America/New_York', 'America/Los_Angeles', 'Pacific/Honolulu'];
    expect(intervals(zones, '2026-07-15T04:00:00Z', '2026-07-16T04:00:00Z')).toEqual([
      ['2026-07-15T18:00:00Z', '2026-07-16T01:00:00Z'],
    ]);
    expect(intervals(zones, '2026-01-15T05:00:00Z', '2026-01-16T05:00:00Z')).toEqual([
      ['2026-01-15T18:00:00Z', '2026-01-16T02:00:00Z'],
    ]);
  });

  it('far-apart zones overlap only at the edges: New York + Shanghai, one hour twice a day', () => {
    expect(
      intervals(
        ['America/New_York', 'Asia/Shanghai'],
        '2026-07-15T00:00:00Z',
        '2026-07-16T00:00:00Z',
      ),
    ).toEqual([
      ['2026-07-15T00:00:00Z', '2026-07-15T01:00:00Z'],
      ['2026-07-15T12:00:00Z', '2026-07-15T13:00:00Z'],
    ]);
  });

  it('zones with no common window give nothing (New York 09:00–17:00 + Shanghai 09:00–17:00)', () => {
    const office: ContactRules = { hours: [{ days: EVERY_DAY, start: '09:00', end: '17:00' }] };
    expect(
      intervals(
        ['America/New_York', 'Asia/Shanghai'],
        '2026-07-15T00:00:00Z',
        '2026-07-22T00:00:00Z',
        office,
      ),
    ).toEqual([]);
  });
});

describe('allowedIntervals: the customer’s own windows', () => {
  it('preferred windows restrict, in the customer’s zone ("after work" 18:00–20:00)', () => {
    expect(
      intervals(['America/New_York'], '2026-07-15T04:00:00Z', '2026-07-16T04:00:00Z', US_HOURS, {
        preferred: [{ days: EVERY_DAY, start: '18:00', end: '20:00' }],
      }),
    ).toEqual([['2026-07-15T22:00:00Z', '2026-07-16T00:00:00Z']]);
  });

  it('inconvenient windows are removed', () => {
    const result = allowedIntervals({
      zones: ['Asia/Shanghai'],
      primaryZone: 'Asia/Shanghai',
      rulesFor: () => US_HOURS,
      inconvenientWindows: [{ days: EVERY_DAY, start: '12:00', end: '14:00' }],
      from: DateTime.fromISO('2026-07-15T00:00:00Z'),
      to: DateTime.fromISO('2026-07-15T16:00:00Z'),
    });
    expect(result.map((i) => [i.start.toISO(), i.end.toISO()])).toEqual([
      ['2026-07-15T00:00:00.000Z', '2026-07-15T04:00:00.000Z'],
      ['2026-07-15T06:00:00.000Z', '2026-07-15T13:00:00.000Z'],
    ]);
  });

  it('an empty or reversed range gives nothing; a malformed window is an error', () => {
    expect(intervals(['Asia/Shanghai'], '2026-07-15T00:00:00Z', '2026-07-15T00:00:00Z')).toEqual(
      [],
    );
    expect(() =>
      intervals(['Asia/Shanghai'], '2026-07-15T00:00:00Z', '2026-07-16T00:00:00Z', {
        hours: [{ days: [1], start: '21:00', end: '08:00' }],
      }),
    ).toThrow(/start before it ends/);
    expect(() => intervals(['Not/AZone'], '2026-07-15T00:00:00Z', '2026-07-16T00:00:00Z')).toThrow(
      /IANA/,
    );
  });
});
