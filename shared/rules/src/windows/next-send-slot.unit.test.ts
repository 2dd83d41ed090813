import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { allowedIntervals } from './allowed-intervals.js';
import { nextSendSlot } from './next-send-slot.js';

const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });
const FIVE_MINUTES = Duration.fromObject({ minutes: 5 });

/** New York, 08:00–21:00 every day, 2026-07-14 to 07-17 (EDT: 12:00–01:00Z). */
const newYork = allowedIntervals({
  zones: ['America/New_York'],
  primaryZone: 'America/New_York',
  rulesFor: () => ({ hours: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '08:00', end: '21:00' }] }),
  from: utc('2026-07-14T04:00:00Z'),
  to: utc('2026-07-17T04:00:00Z'),
});

const iso = (slot: ReturnType<typeof nextSendSlot>['slot']) =>
  slot === null ? null : { start: slot.start.toISO(), end: slot.end.toISO(), basis: slot.basis };

describe('nextSendSlot', () => {
  it('inside an open window: now, until the window closes', () => {
    const result = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-14T14:00:00Z'),
      minimumDuration: FIVE_MINUTES,
    });
    expect(iso(result.slot)).toEqual({
      start: '2026-07-14T14:00:00.000Z',
      end: '2026-07-15T01:00:00.000Z',
      basis: 'window',
    });
  });

  it('before the window: when it opens (08:00 local)', () => {
    const result = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-14T06:00:00Z'),
      minimumDuration: FIVE_MINUTES,
    });
    expect(result.slot?.start.toISO()).toBe('2026-07-14T12:00:00.000Z');
  });

  it('a window that closes before a send could finish: the next day', () => {
    // 20:57 EDT: 3 minutes left, 5 needed.
    const late = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-15T00:57:00Z'),
      minimumDuration: FIVE_MINUTES,
    });
    expect(late.slot?.start.toISO()).toBe('2026-07-15T12:00:00.000Z');
    // 20:55 EDT: exactly 5 minutes left is enough.
    const justInTime = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-15T00:55:00Z'),
      minimumDuration: FIVE_MINUTES,
    });
    expect(justInTime.slot?.start.toISO()).toBe('2026-07-15T00:55:00.000Z');
  });

  it('nothing left in the range: null', () => {
    const result = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-17T01:00:00Z'),
      minimumDuration: FIVE_MINUTES,
    });
    expect(result.slot).toBeNull();
    expect(
      nextSendSlot({
        intervals: [],
        now: utc('2026-07-14T00:00:00Z'),
        minimumDuration: FIVE_MINUTES,
      }).slot,
    ).toBeNull();
  });

  it('an appointment inside an allowed window is honoured, even when a window is open earlier', () => {
    const result = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-14T14:00:00Z'),
      minimumDuration: FIVE_MINUTES,
      appointments: [utc('2026-07-15T22:30:00Z')], // 18:30 EDT the next day
    });
    expect(iso(result.slot)).toEqual({
      start: '2026-07-15T22:30:00.000Z',
      end: '2026-07-16T01:00:00.000Z',
      basis: 'appointment',
    });
    expect(result.skippedAppointments).toEqual([]);
  });

  it('appointments outside the rules, too close to the close, or past are skipped, with why', () => {
    const outside = utc('2026-07-15T03:00:00Z'); // 23:00 EDT
    const tooLate = utc('2026-07-15T00:58:00Z'); // 20:58 EDT
    const past = utc('2026-07-14T13:00:00Z');
    const result = nextSendSlot({
      intervals: newYork,
      now: utc('2026-07-14T14:00:00Z'),
      minimumDuration: FIVE_MINUTES,
      appointments: [outside, tooLate, past],
    });
    expect(result.slot?.basis).toBe('window');
    expect(result.skippedAppointments.map((s) => [s.at.toISO(), s.reason])).toEqual([
      [past.toISO(), 'past'],
      [tooLate.toISO(), 'window-closes-too-soon'],
      [outside.toISO(), 'outside-allowed-window'],
    ]);
  });
});
