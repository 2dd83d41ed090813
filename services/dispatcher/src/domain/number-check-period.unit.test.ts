import type { NumberCheck } from '@kindly/contracts';
import type { ReassignedNumbersRule } from '@kindly/rules';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkIsDue, checkRequired, sinceDate } from './number-check-period.js';

const NEW_YORK = 'America/New_York';
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const answered = (answer: NumberCheck['answer'], askedAt: string, since = '2026-01-10') => ({
  database: 'fcc-rnd',
  answer,
  since,
  queryId: 'rnd-000001',
  askedAt,
});
const rule: ReassignedNumbersRule = {
  recheckAfterDays: 30,
  requiredFor: ['US'],
  onError: 'stop',
  source: ['S12'],
};

describe('when a number is asked about again', () => {
  it('asks when there is no answer yet', () => {
    expect(checkIsDue(undefined, utc('2026-03-01T14:00:00Z'), 30, NEW_YORK)).toBe(true);
  });

  it('keeps an answer for the days the policy gives it, then asks again', () => {
    const check = answered('no', '2026-01-05T15:00:00Z');
    expect(checkIsDue(check, utc('2026-01-05T15:00:01Z'), 30, NEW_YORK)).toBe(false);
    expect(checkIsDue(check, utc('2026-02-04T14:59:59Z'), 30, NEW_YORK)).toBe(false);
    expect(checkIsDue(check, utc('2026-02-04T15:00:00Z'), 30, NEW_YORK)).toBe(true);
    expect(checkIsDue(check, utc('2026-02-04T15:00:00Z'), 31, NEW_YORK)).toBe(false);
  });

  it('counts calendar days in the customer’s zone across the change to summer time', () => {
    // Asked at 09:00 EST on 1 March; 30 days later is 09:00 EDT on 31 March, 13:00Z, an hour
    // before 30 × 24 hours have passed.
    const check = answered('no', '2026-03-01T14:00:00Z');
    expect(checkIsDue(check, utc('2026-03-31T12:59:59Z'), 30, NEW_YORK)).toBe(false);
    expect(checkIsDue(check, utc('2026-03-31T13:00:00Z'), 30, NEW_YORK)).toBe(true);
    // and back to winter time (1 November): 09:00 EDT on 1 October, 31 days on is 09:00 EST
    // on 1 November, 14:00Z, an hour after 31 × 24 hours.
    const autumn = answered('no', '2026-10-01T13:00:00Z');
    expect(checkIsDue(autumn, utc('2026-10-31T13:00:00Z'), 30, NEW_YORK)).toBe(true);
    expect(checkIsDue(autumn, utc('2026-11-01T13:59:59Z'), 31, NEW_YORK)).toBe(false);
    expect(checkIsDue(autumn, utc('2026-11-01T14:00:00Z'), 31, NEW_YORK)).toBe(true);
  });
});

describe('the date asked about', () => {
  it('is the newest consent for the number, as a local date', () => {
    // 02:00Z on 1 February is still 31 January in New York.
    expect(
      sinceDate(
        undefined,
        { consentsAt: ['2025-11-20T15:00:00Z', '2026-02-01T02:00:00Z'], contactAsOf: undefined },
        NEW_YORK,
      ),
    ).toBe('2026-01-31');
  });

  it('is the contact record’s date when no consent names the number', () => {
    expect(
      sinceDate(undefined, { consentsAt: [], contactAsOf: '2026-02-01T12:00:00Z' }, NEW_YORK),
    ).toBe('2026-02-01');
    expect(sinceDate(undefined, { consentsAt: [] }, NEW_YORK)).toBeUndefined();
  });

  it('moves on to the day of a `no`, and not after `no-data` or `yes`', () => {
    const known = { consentsAt: ['2026-01-10T15:00:00Z'] };
    expect(sinceDate(answered('no', '2026-02-20T15:00:00Z'), known, NEW_YORK)).toBe('2026-02-20');
    expect(sinceDate(answered('no-data', '2026-02-20T15:00:00Z'), known, NEW_YORK)).toBe(
      '2026-01-10',
    );
    expect(sinceDate(answered('yes', '2026-02-20T15:00:00Z'), known, NEW_YORK)).toBe('2026-01-10');
  });
});

describe('whose texts are checked', () => {
  it('customers of a listed jurisdiction or of its states, on North American numbers', () => {
    expect(checkRequired(rule, 'US', '+12125550123')).toBe(true);
    expect(checkRequired(rule, 'US-MA', '+16175550123')).toBe(true);
    expect(checkRequired(rule, 'GB', '+12125550123')).toBe(false);
    expect(checkRequired(rule, 'US', '+447700900123')).toBe(false);
    expect(checkRequired(undefined, 'US', '+12125550123')).toBe(false);
    expect(checkRequired(rule, undefined, '+12125550123')).toBe(false);
  });
});
