import type { NumberCheck } from '@kindly/contracts';
import type { ReassignedNumbersRule } from '@kindly/rules';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { answerApplies, checkIsDue, checkRequired, customerSince } from './number-check-period.js';

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
  onNoData: 'stop',
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
  it('is the customer’s newest consent for the number, as a local date', () => {
    // 02:00Z on 1 February is still 31 January in New York.
    expect(customerSince(['2025-11-20T15:00:00Z', '2026-02-01T02:00:00Z'], NEW_YORK)).toBe(
      '2026-01-31',
    );
  });

  it('is none without a consent for the number (a contact record’s date is no evidence)', () => {
    expect(customerSince([], NEW_YORK)).toBeUndefined();
  });
});

describe('whether an answer kept for the number answers this customer', () => {
  it('`no` holds for a later date, `yes` for an earlier one, `no-data` for its own date only', () => {
    const since = '2026-01-10';
    expect(answerApplies(answered('no', '2026-02-20T15:00:00Z', since), '2026-01-10')).toBe(true);
    expect(answerApplies(answered('no', '2026-02-20T15:00:00Z', since), '2026-02-01')).toBe(true);
    expect(answerApplies(answered('no', '2026-02-20T15:00:00Z', since), '2026-01-09')).toBe(false);
    expect(answerApplies(answered('no-data', '2026-02-20T15:00:00Z', since), '2026-01-09')).toBe(
      false,
    );
    expect(answerApplies(answered('no-data', '2026-02-20T15:00:00Z', since), '2026-01-10')).toBe(
      true,
    );
    // Nothing known since 10 January says nothing of what a question about 1 February gets.
    expect(answerApplies(answered('no-data', '2026-02-20T15:00:00Z', since), '2026-02-01')).toBe(
      false,
    );
    // Disconnected since 10 January: a customer who had it on 5 January lost it; one who gave
    // it on 1 February may be its new holder, and is asked about.
    expect(answerApplies(answered('yes', '2026-02-20T15:00:00Z', since), '2026-01-05')).toBe(true);
    expect(answerApplies(answered('yes', '2026-02-20T15:00:00Z', since), '2026-02-01')).toBe(false);
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
