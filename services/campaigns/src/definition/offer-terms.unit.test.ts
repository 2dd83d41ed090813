import { describe, expect, it } from 'vitest';
import { percentRoundedUp } from './minor-units.js';
import type { CampaignOffer } from './offer.schema.js';
import { offersFor, offerTermsFor } from './offer-terms.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from './testing/example-campaigns.js';
import { aCampaignAccount, amountsIn } from './testing/a-campaign-account.js';
import {
  aPlanOffer as plan,
  OFFER_NOW as NOW,
  reasonsOf,
  termsOf,
} from './testing/offer-decisions.js';

describe('interest waiver terms', () => {
  const waiver: CampaignOffer = {
    kind: 'interest-waiver',
    offerId: 'waiver-50',
    waiverPercent: 50,
    validForDays: 30,
  };

  it('waives a share of the interest charged while the plan is kept: no amount to state', () => {
    expect(termsOf(offerTermsFor(waiver, aCampaignAccount(), NOW))).toMatchObject({
      kind: 'interest-waiver',
      waiverPercent: 50,
    });
  });

  it('is no offer without an instalment plan open to the account', () => {
    const plan: CampaignOffer = {
      kind: 'instalment-plan',
      offerId: 'plan',
      covers: 'overdue-amount',
      instalments: { min: 6, max: 12 },
      minInstalment: { USD: 2_500 },
      validForDays: 30,
    };
    const [, alongside] = offersFor([plan, waiver], aCampaignAccount(), NOW);
    expect(alongside?.eligible).toBe(true);
    const [alone] = offersFor([waiver], aCampaignAccount(), NOW);
    expect(alone?.eligible === false && alone.reasons.map((r) => r.code)).toEqual([
      'NEEDS_INSTALMENT_PLAN',
    ]);
  });
});

describe('settlement discount terms', () => {
  const settlement: CampaignOffer = {
    kind: 'settlement-discount',
    offerId: 'settle-20',
    discountPercent: 20,
    minBalance: { USD: 50_000 },
    validForDays: 30,
  };

  it('discounts the total balance, the discount rounded up, the settlement the exact rest', () => {
    const facts = aCampaignAccount(amountsIn('USD', { overdue: 40_000, total: 123_457 }));
    expect(termsOf(offerTermsFor(settlement, facts, NOW))).toMatchObject({
      discount: { amountMinor: 24_692 }, // 20 % of 123457 is 24691.4
      settlementAmount: { amountMinor: 98_765 },
    });
  });

  it('applies from its minimum balance, not one unit below', () => {
    const at = aCampaignAccount(amountsIn('USD', { overdue: 40_000, total: 50_000 }));
    const below = aCampaignAccount(amountsIn('USD', { overdue: 40_000, total: 49_999 }));
    expect(termsOf(offerTermsFor(settlement, at, NOW))).toMatchObject({
      settlementAmount: { amountMinor: 40_000 },
    });
    expect(reasonsOf(offerTermsFor(settlement, below, NOW))).toEqual(['BALANCE_BELOW_MINIMUM']);
  });

  it('stays exact for balances far beyond what a float multiplies exactly', () => {
    expect(percentRoundedUp(Number.MAX_SAFE_INTEGER, 20)).toBe(1_801_439_850_948_199);
  });
});

describe('deferral terms and validity', () => {
  const deferral: CampaignOffer = {
    kind: 'deferral',
    offerId: 'defer-30',
    deferralDays: 30,
    validForDays: 14,
  };

  it('dates the deferral and the offer’s end on the customer’s calendar, not UTC’s', () => {
    const facts = aCampaignAccount({ timeZone: 'America/Los_Angeles' });
    expect(termsOf(offerTermsFor(deferral, facts, NOW))).toEqual({
      kind: 'deferral',
      offerId: 'defer-30',
      deferredAmount: { amountMinor: 100_001, currency: 'USD' },
      deferredUntil: '2027-04-03', // 4 March local + 30 days (UTC's 5 March would give 4 April)
      fee: { amountMinor: 0, currency: 'USD' },
      validUntilDate: '2027-03-18',
      validUntil: '2027-03-19T07:00:00Z', // local midnight after 18 March, PDT (UTC−7)
    });
  });
});

describe('eligibility shared by every offer', () => {
  const narrow: CampaignOffer = {
    ...plan,
    eligibility: {
      daysPastDue: { from: 30, to: 89 },
      products: ['personal-loan'],
      minOverdueAmount: { USD: 50_000 },
    },
  };

  it('names every condition the account fails', () => {
    const facts = aCampaignAccount({
      daysPastDue: 29,
      ...amountsIn('USD', { overdue: 49_999, total: 90_000 }),
    });
    expect(reasonsOf(offerTermsFor(narrow, facts, NOW))).toEqual([
      'DAYS_PAST_DUE_BELOW',
      'PRODUCT_NOT_OFFERED',
      'OVERDUE_AMOUNT_BELOW_MINIMUM',
    ]);
  });

  it('holds at both ends of its range of days past due, and refuses one day beyond', () => {
    const loan = { product: 'personal-loan' as const };
    expect(
      offerTermsFor(narrow, aCampaignAccount({ ...loan, daysPastDue: 30 }), NOW).eligible,
    ).toBe(true);
    expect(
      offerTermsFor(narrow, aCampaignAccount({ ...loan, daysPastDue: 89 }), NOW).eligible,
    ).toBe(true);
    expect(
      reasonsOf(offerTermsFor(narrow, aCampaignAccount({ ...loan, daysPastDue: 90 }), NOW)),
    ).toEqual(['DAYS_PAST_DUE_ABOVE']);
  });

  it('refuses an account whose amounts are in two currencies', () => {
    const facts = aCampaignAccount({ totalBalance: { amountMinor: 1, currency: 'CNY' } });
    expect(reasonsOf(offerTermsFor(plan, facts, NOW))).toEqual(['MIXED_CURRENCIES']);
  });
});

describe('offersFor', () => {
  it('decides every offer of the example campaign in its order, eligible or with reasons', () => {
    const { offers } = exampleCampaign(INSTALMENT_PLAN_FILE);
    const decisions = offersFor(offers, aCampaignAccount(), NOW);
    expect(decisions.map((d) => [d.eligible, d.eligible ? d.terms.offerId : d.offerId])).toEqual([
      [true, 'spring-plan-6-24'],
      [true, 'spring-waiver-100'],
    ]);
  });
});
