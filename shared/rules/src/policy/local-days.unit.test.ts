import { describe, expect, it } from 'vitest';
import {
  dayNumberOfDate,
  localDayNumberOfMs,
  startOfLocalDay,
  startOfLocalDayMs,
} from './local-days.js';

describe('the start of a local day', () => {
  it('is the first of two midnights where the clock falls back to midnight (Havana, 1 Nov 2026)', () => {
    // 01:00 CDT (UTC-4) goes back to 00:00 CST (UTC-5): midnight is at 04:00Z and again at 05:00Z.
    const day = dayNumberOfDate('2026-11-01');
    expect(startOfLocalDay(day, 'America/Havana').toUTC().toISO()).toBe('2026-11-01T04:00:00.000Z');
    expect(new Date(startOfLocalDayMs(day, 'America/Havana')).toISOString()).toBe(
      '2026-11-01T04:00:00.000Z',
    );
    // The day count agrees: the first midnight already belongs to the new day.
    expect(localDayNumberOfMs(Date.parse('2026-11-01T04:00:00Z'), 'America/Havana')).toBe(day);
    expect(localDayNumberOfMs(Date.parse('2026-11-01T03:59:59Z'), 'America/Havana')).toBe(day - 1);
  });

  it('is the first instant after the gap where midnight does not exist (Havana, 8 Mar 2026)', () => {
    // 00:00 CST (UTC-5) jumps to 01:00 CDT (UTC-4): the day begins at 05:00Z, 01:00 local.
    const day = dayNumberOfDate('2026-03-08');
    expect(startOfLocalDay(day, 'America/Havana').toUTC().toISO()).toBe('2026-03-08T05:00:00.000Z');
  });

  it('is plain local midnight on an ordinary day, and in a half-hour zone', () => {
    expect(startOfLocalDay(dayNumberOfDate('2026-11-02'), 'America/Havana').toUTC().toISO()).toBe(
      '2026-11-02T05:00:00.000Z',
    );
    expect(startOfLocalDay(dayNumberOfDate('2026-06-10'), 'Asia/Kolkata').toUTC().toISO()).toBe(
      '2026-06-09T18:30:00.000Z',
    );
  });
});
