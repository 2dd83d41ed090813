import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';
import { ManualClock } from './manual-clock.js';

const start = DateTime.fromISO('2025-03-09T01:30:00', { zone: 'America/New_York' });

describe('ManualClock', () => {
  it('starts at the given instant, in UTC', () => {
    const clock = new ManualClock(start);
    expect(clock.now().toISO()).toBe('2025-03-09T06:30:00.000Z');
    expect(clock.now().zoneName).toBe('UTC');
    expect(clock.now()).toEqual(clock.now());
  });

  it('moves forward by durations, calendar units in UTC', () => {
    const clock = new ManualClock(start);
    clock.advance({ minutes: 90 });
    expect(clock.now().toISO()).toBe('2025-03-09T08:00:00.000Z');
    clock.advance(Duration.fromObject({ days: 1 }));
    expect(clock.now().toISO()).toBe('2025-03-10T08:00:00.000Z');
    clock.advance(500);
    expect(clock.now().toISO()).toBe('2025-03-10T08:00:00.500Z');
    clock.advance({ seconds: 0 });
    expect(clock.now().toISO()).toBe('2025-03-10T08:00:00.500Z');
  });

  it('sets a later instant given in any zone', () => {
    const clock = new ManualClock(start);
    clock.set(DateTime.fromISO('2025-03-09T03:00:00', { zone: 'America/New_York' }));
    // Across the spring-forward gap: 01:30 EST to 03:00 EDT is 30 minutes.
    expect(clock.now().toISO()).toBe('2025-03-09T07:00:00.000Z');
    clock.set(clock.now());
    expect(clock.now().toISO()).toBe('2025-03-09T07:00:00.000Z');
  });

  it('never goes backwards', () => {
    const clock = new ManualClock(start);
    expect(() => clock.set(start.minus({ milliseconds: 1 }))).toThrow(RangeError);
    expect(() => clock.advance({ minutes: -1 })).toThrow(RangeError);
    expect(() => clock.advance({ days: 1, hours: -25 })).toThrow(/before now/);
    expect(clock.now().toISO()).toBe('2025-03-09T06:30:00.000Z');
  });

  it('refuses invalid instants', () => {
    expect(() => new ManualClock(DateTime.invalid('test'))).toThrow(/invalid DateTime/);
    const clock = new ManualClock(start);
    expect(() => clock.set(DateTime.fromISO('not a date'))).toThrow(RangeError);
  });
});

describe('systemClock', () => {
  it('tells the current time in UTC', () => {
    const before = Date.now();
    const now = systemClock.now();
    expect(now.zoneName).toBe('UTC');
    expect(now.toMillis()).toBeGreaterThanOrEqual(before);
    expect(now.toMillis()).toBeLessThanOrEqual(Date.now());
  });
});
