import { describe, expect, it } from 'vitest';
import type { Throttle } from '../definition/index.js';
import { noUse } from './launch.js';
import { allowanceAt, budgetAllowance, used } from './throttle.js';

const throttle: Throttle = {
  perSecond: 5,
  perDay: 12,
  budget: { amountMinor: 1_000, currency: 'USD' },
  costPerMessage: { email: 0.1, sms: 0.83 },
};
const zone = 'America/New_York';
const at = (iso: string) => new Date(iso);

describe('the throttle, against the clock', () => {
  it('allows per second of the clock, whatever was used in earlier seconds', () => {
    let use = noUse;
    const handed: Record<string, number> = {};
    // Rounds every 250 ms for three seconds, each taking all it may.
    for (let ms = 0; ms < 3_000; ms += 250) {
      const now = new Date(Date.parse('2027-03-02T15:00:00.000Z') + ms);
      const allowance = allowanceAt(throttle, use, now, zone);
      use = used(allowance.use, allowance.allowed);
      const second = now.toISOString().slice(0, 19);
      handed[second] = (handed[second] ?? 0) + allowance.allowed;
    }
    // 5 + 5 in the first two seconds, then the day's 12 are spent: 2 in the third.
    expect(Object.values(handed)).toEqual([5, 5, 2]);
  });

  it('starts the day afresh at local midnight, not at UTC midnight', () => {
    const full = { second: 0, inSecond: 0, day: '2027-03-02', onDay: 12 };
    // 23:59 in New York (04:59Z the next day): still the 2nd there.
    expect(allowanceAt(throttle, full, at('2027-03-03T04:59:00Z'), zone).allowed).toBe(0);
    expect(allowanceAt(throttle, full, at('2027-03-03T05:00:00Z'), zone).allowed).toBe(5);
  });

  it('counts the local day across a DST change (a 23-hour day in New York)', () => {
    // 2027-03-14 is 23 hours long in New York; its midnight at both ends is local.
    const full = { second: 0, inSecond: 0, day: '2027-03-14', onDay: 12 };
    expect(allowanceAt(throttle, full, at('2027-03-15T03:59:59Z'), zone).allowed).toBe(0);
    expect(allowanceAt(throttle, full, at('2027-03-15T04:00:00Z'), zone).allowed).toBe(5);
  });

  it('keeps what a second used when the same second is asked again (a restart)', () => {
    const now = at('2027-03-02T15:00:00.900Z');
    const first = allowanceAt(throttle, noUse, now, zone);
    const after = used(first.use, 3);
    expect(allowanceAt(throttle, after, at('2027-03-02T15:00:00.950Z'), zone).allowed).toBe(2);
  });
});

describe('the budget', () => {
  it('counts each hand-over at the dearest channel, and never lets the campaign spend over it', () => {
    // 1,000 cents at 0.83 a message (SMS, dearer than e-mail): 1,204 messages, not 1,205.
    expect(budgetAllowance(throttle, ['email', 'sms'], 0)).toBe(1_204);
    expect(budgetAllowance(throttle, ['email', 'sms'], 1_200)).toBe(4);
    expect(budgetAllowance(throttle, ['email', 'sms'], 1_204)).toBe(0);
    // Binary fractions: 0.83 × 3 is 2.4899999999999998, still three messages in 2.49.
    const tight = { ...throttle, budget: { amountMinor: 249, currency: 'USD' } };
    expect(budgetAllowance({ ...tight, costPerMessage: { sms: 83 } }, ['sms'], 0)).toBe(3);
  });

  it('is no limit when sending costs nothing', () => {
    expect(budgetAllowance({ ...throttle, costPerMessage: { email: 0 } }, ['email'], 10)).toBe(
      Number.POSITIVE_INFINITY,
    );
  });
});
