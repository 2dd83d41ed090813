import { describe, expect, it } from 'vitest';
import { recheckAccount } from './index.js';
import {
  NY_MOBILE,
  kindsOf,
  newYorkCustomer,
  shanghaiCustomer,
} from '../testing/recheck-fixtures.js';

const sms = (at: string) => ({ channel: 'sms' as const, at, to: NY_MOBILE });

describe('OUTSIDE_WINDOW', () => {
  it('finds a text before 08:00 New York time on the Monday after DST starts (March)', () => {
    // 11:30Z on 9 March 2026 is 07:30 EDT (it would be 06:30 in EST, 07:30 only after the change).
    const report = recheckAccount(newYorkCustomer().send(sms('2026-03-09T11:30:00Z')).events);
    expect(kindsOf(report)).toEqual(['OUTSIDE_WINDOW']);
    expect(report.violations[0]).toMatchObject({
      zone: 'America/New_York',
      why: 'outside-hours',
      window: [{ start: '08:00', end: '21:00' }],
      send: { at: '2026-03-09T11:30:00Z', local: [{ local: '2026-03-09T07:30:00-04:00' }] },
    });
    // 12:30Z is 08:30 EDT: allowed; a fixed EST offset would have called it 07:30.
    expect(
      kindsOf(recheckAccount(newYorkCustomer().send(sms('2026-03-09T12:30:00Z')).events)),
    ).toEqual([]);
  });

  it('finds a text before 08:00 New York time on the Monday after DST ends (November)', () => {
    // 12:30Z on 2 November 2026 is 07:30 EST; before the change it was 08:30 EDT.
    const report = recheckAccount(newYorkCustomer().send(sms('2026-11-02T12:30:00Z')).events);
    expect(kindsOf(report)).toEqual(['OUTSIDE_WINDOW']);
    expect(report.violations[0]?.send.local[0]?.local).toBe('2026-11-02T07:30:00-05:00');
    expect(
      kindsOf(recheckAccount(newYorkCustomer().send(sms('2026-11-02T13:30:00Z')).events)),
    ).toEqual([]);
  });

  it('reads a half-hour zone to the minute (Asia/Kolkata, the default policy 08:00–20:00)', () => {
    const india = () =>
      newYorkCustomer({ timeZone: 'Asia/Kolkata', jurisdiction: 'IN', postalAddresses: [] });
    // Monday 16 March 2026: 02:29Z is 07:59 IST, 14:30Z is 20:00 IST.
    for (const at of ['2026-03-16T02:29:00Z', '2026-03-16T14:30:00Z']) {
      const report = recheckAccount(india().send(sms(at)).events);
      expect(kindsOf(report), at).toEqual(['OUTSIDE_WINDOW']);
      expect(report.violations[0]).toMatchObject({
        zone: 'Asia/Kolkata',
        window: [{ end: '20:00' }],
      });
    }
    for (const at of ['2026-03-16T02:30:00Z', '2026-03-16T14:29:00Z']) {
      expect(kindsOf(recheckAccount(india().send(sms(at)).events)), at).toEqual([]);
    }
  });

  it('finds a send allowed in the primary zone but not in a candidate zone', () => {
    // 14:00Z on Tuesday 10 March 2026: 10:00 in New York, 07:00 in Los Angeles.
    const both = newYorkCustomer({ candidateTimeZones: ['America/Los_Angeles'] });
    const report = recheckAccount(both.send(sms('2026-03-10T14:00:00Z')).events);
    expect(kindsOf(report)).toEqual(['OUTSIDE_WINDOW']);
    expect(report.violations[0]).toMatchObject({ zone: 'America/Los_Angeles' });
    expect(report.violations[0]?.send.local.map((l) => l.local)).toEqual([
      '2026-03-10T10:00:00-04:00',
      '2026-03-10T07:00:00-07:00',
    ]);
    expect(
      kindsOf(recheckAccount(newYorkCustomer().send(sms('2026-03-10T14:00:00Z')).events)),
    ).toEqual([]);
  });

  it('judges by the contact record in force at the send, not the latest one', () => {
    // The candidate zone is added after the send: it does not make the send late.
    const history = newYorkCustomer()
      .send(sms('2026-03-10T14:00:00Z'))
      .contact('2026-03-11T00:00:00Z', {
        phones: [{ number: NY_MOBILE, type: 'mobile', primary: true }],
        timeZone: 'America/New_York',
        candidateTimeZones: ['America/Los_Angeles'],
        jurisdiction: 'US',
      });
    expect(kindsOf(recheckAccount(history.events))).toEqual([]);
  });

  it("finds a send in the customer's own inconvenient window", () => {
    const busy = () =>
      newYorkCustomer({
        inconvenientWindows: [{ days: [2], start: '10:00', end: '12:00' }],
      });
    const report = recheckAccount(busy().send(sms('2026-03-10T15:00:00Z')).events);
    expect(report.violations).toMatchObject([
      {
        kind: 'OUTSIDE_WINDOW',
        why: 'inconvenient-window',
        window: [{ days: ['tue'], start: '10:00' }],
      },
    ]);
    expect(kindsOf(recheckAccount(busy().send(sms('2026-03-11T15:00:00Z')).events))).toEqual([]);
  });

  it('finds a send on a Sunday where the policy excludes Sundays (US)', () => {
    const report = recheckAccount(newYorkCustomer().send(sms('2026-03-15T15:00:00Z')).events);
    expect(report.violations).toMatchObject([{ kind: 'OUTSIDE_WINDOW', why: 'sunday' }]);
  });
});

describe('HOLIDAY', () => {
  it('finds a send on a US public holiday, with its name and date', () => {
    const report = recheckAccount(newYorkCustomer().send(sms('2026-01-19T15:00:00Z')).events);
    expect(report.violations).toMatchObject([
      {
        kind: 'HOLIDAY',
        zone: 'America/New_York',
        holiday: { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
      },
    ]);
    expect(
      kindsOf(recheckAccount(newYorkCustomer().send(sms('2026-01-20T15:00:00Z')).events)),
    ).toEqual([]);
  });

  it("finds a send on a bridge day of China's official schedule that date-holidays lacks", () => {
    const text = (at: string) => ({ channel: 'sms' as const, at, to: '+8613800138000' });
    // Monday 23 February 2026, 10:00 in Shanghai: the last day of the Spring Festival days off.
    const report = recheckAccount(shanghaiCustomer().send(text('2026-02-23T02:00:00Z')).events);
    expect(report.violations).toMatchObject([
      {
        kind: 'HOLIDAY',
        zone: 'Asia/Shanghai',
        holiday: { date: '2026-02-23', name: '春节', source: 'official:cn/2026.yaml' },
      },
    ]);
    // The next day is a working day; so is Saturday 28 February, a make-up working day.
    for (const at of ['2026-02-24T02:00:00Z', '2026-02-28T02:00:00Z']) {
      expect(kindsOf(recheckAccount(shanghaiCustomer().send(text(at)).events)), at).toEqual([]);
    }
  });
});
