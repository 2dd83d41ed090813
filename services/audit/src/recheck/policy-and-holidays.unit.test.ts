import { describe, expect, it } from 'vitest';
import { createHolidayLookup, resolveJurisdiction, shippedPolicy } from './index.js';
import { ruleFor } from './policy-document.js';

const policy = shippedPolicy()('2026-06-01T00:00:00Z');

describe('the policy file, resolved by the re-check itself', () => {
  it('gives a state the federal rules, its own caps added, and the channel over contact', () => {
    const ma = resolveJurisdiction(policy, 'US-MA');
    expect(ma.entry).toBe('US-MA');
    expect(ma.holidays).toMatchObject({ country: 'US', region: 'MA' });
    expect(ma.caps.map((c) => c.id)).toEqual(
      expect.arrayContaining(['sms-per-day', 'calls-7-in-7', 'ma-2-in-7-personal']),
    );
    const sms = ruleFor(ma, 'sms', 'marketing');
    // US hours (every day to 21:00), US marketing consent (written only).
    expect(sms.hours).toEqual([
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '08:00', end: '21:00' },
    ]);
    expect(sms.consent).toEqual({ required: true, bases: ['written-consent'] });
    expect(ruleFor(ma, 'email', 'servicing').consent.required).toBe(false);
  });

  it("reads a jurisdiction without an entry as its country's, else the default", () => {
    expect(resolveJurisdiction(policy, 'US-NY').entry).toBe('US');
    const france = resolveJurisdiction(policy, 'FR');
    expect(france.entry).toBe('default');
    expect(france.holidays).toBeUndefined();
    expect(ruleFor(france, 'sms', 'servicing').hours[0]).toMatchObject({ end: '20:00' });
  });
});

describe('holidays as the policy names them', () => {
  const holidayOn = createHolidayLookup();
  const cn = resolveJurisdiction(policy, 'CN').holidays;
  if (!cn) throw new Error('CN has a holiday calendar');

  it("reads China's official file for a year it has, bridge days included", () => {
    expect(holidayOn(cn, '2026-10-07')).toMatchObject({
      name: '国庆节',
      source: 'official:cn/2026.yaml',
    });
    expect(holidayOn(cn, '2026-10-10')).toBeUndefined(); // a make-up working day
  });

  it('falls back to date-holidays without the part-population days for a year without a file', () => {
    expect(holidayOn(cn, '2027-02-06')).toMatchObject({ source: 'date-holidays:CN' });
    // Women's Day (half a day, for women only) closes nothing unless the policy lists it.
    expect(holidayOn(cn, '2027-03-08')).toBeUndefined();
    expect(holidayOn({ ...cn, observances: ['womens-day'] }, '2027-03-08')).toMatchObject({
      name: 'womens-day',
    });
  });
});
