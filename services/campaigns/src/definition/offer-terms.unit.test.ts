import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentRoundedUp, splitIntoInstalments } from './minor-units.js';
import type { CampaignOffer, InstalmentPlanOffer } from './offer.schema.js';
import { offersFor, offerTermsFor, type OfferDecision } from './offer-terms.js';
import { exampleCampaign, INSTALMENT_PLAN_FILE } from './testing/example-campaigns.js';
import { aCampaignAccount, amountsIn } from './testing/a-campaign-account.js';

const NOW = new Date('2027-03-05T03:00:00Z'); // still 4 March in New York and Los Angeles

const plan: InstalmentPlanOffer = {
  kind: 'instalment-plan',
  offerId: 'plan-6-24',
  covers: 'overdue-amount',
  instalments: { min: 6, max: 24 },
  minInstalment: { USD: 2500, CNY: 10000 },
  validForDays: 30,
};

function termsOf(decision: OfferDecision) {
  if (!decision.eligible) throw new Error(`ineligible: ${JSON.stringify(decision.reasons)}`);
  return decision.terms;
}

function reasonsOf(decision: OfferDecision): string[] {
  if (decision.eligible) throw new Error('expected the account to be refused');
  return decision.reasons.map((reason) => reason.code);
}

describe('instalment plan terms', () => {
  it('offers the most instalments allowed, the last absorbing the remainder, summing exactly', () => {
    const terms = termsOf(offerTermsFor(plan, aCampaignAccount(), NOW));
    expect(terms).toMatchObject({ kind: 'instalment-plan', covered: { amountMinor: 100_001 } });
    if (terms.kind !== 'instalment-plan') throw new Error('wrong kind');
    // 100001 / 24 = 4166.7: 23 × 4166 and a last of 4183.
    expect(terms.instalments).toHaveLength(24);
    expect(terms.instalments.slice(0, 23).every((i) => i.amountMinor === 4166)).toBe(true);
    expect(terms.instalments[23]).toEqual({ amountMinor: 4183, currency: 'USD' });
    expect(terms.instalments.reduce((sum, i) => sum + i.amountMinor, 0)).toBe(100_001);
    expect(terms.fee).toEqual({ amountMinor: 0, currency: 'USD' });
  });

  it('offers fewer instalments when the minimum instalment allows no more', () => {
    const facts = aCampaignAccount(amountsIn('USD', { overdue: 20_000, total: 90_000 }));
    const terms = termsOf(offerTermsFor(plan, facts, NOW));
    expect(terms.kind === 'instalment-plan' && terms.instalments.map((i) => i.amountMinor)).toEqual(
      Array.from({ length: 8 }, () => 2500),
    );
  });

  it('refuses a balance too small for the fewest instalments, and accepts it one unit up', () => {
    const below = aCampaignAccount(amountsIn('USD', { overdue: 14_999, total: 90_000 }));
    const at = aCampaignAccount(amountsIn('USD', { overdue: 15_000, total: 90_000 }));
    expect(reasonsOf(offerTermsFor(plan, below, NOW))).toEqual(['TOO_LITTLE_FOR_INSTALMENTS']);
    const terms = termsOf(offerTermsFor(plan, at, NOW));
    expect(terms.kind === 'instalment-plan' && terms.instalments).toHaveLength(6);
  });

  it('covers the whole balance when it says so, and charges its fee in the account currency', () => {
    const offer: CampaignOffer = { ...plan, covers: 'total-balance', fee: { USD: 1500 } };
    const terms = termsOf(offerTermsFor(offer, aCampaignAccount(), NOW));
    expect(terms).toMatchObject({ covered: { amountMinor: 450_000 }, fee: { amountMinor: 1500 } });
  });

  it('refuses a currency it names no minimum instalment or fee for', () => {
    const euros = aCampaignAccount(amountsIn('EUR', { overdue: 100_000, total: 200_000 }));
    expect(reasonsOf(offerTermsFor({ ...plan, fee: { USD: 100 } }, euros, NOW))).toEqual([
      'CURRENCY_NOT_OFFERED',
      'CURRENCY_NOT_OFFERED',
    ]);
  });

  it('splits any amount into instalments that add up to it, differing by less than their count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 60 }),
        (total, count) => {
          const parts = splitIntoInstalments(total, count);
          const sum = parts.reduce((a, b) => BigInt(a) + BigInt(b), 0n);
          const last = parts[parts.length - 1] ?? 0;
          return (
            parts.length === count &&
            sum === BigInt(total) &&
            parts.slice(0, -1).every((part) => part === parts[0] && last - part < count)
          );
        },
      ),
    );
  });
});

describe('interest waiver terms', () => {
  const waiver: CampaignOffer = {
    kind: 'interest-waiver',
    offerId: 'waiver-50',
    waiverPercent: 50,
    validForDays: 30,
  };

  it('waives the percentage of the accrued interest, rounded up in the customer’s favour', () => {
    const facts = aCampaignAccount({ accruedInterest: { amountMinor: 1001, currency: 'USD' } });
    expect(termsOf(offerTermsFor(waiver, facts, NOW))).toMatchObject({
      kind: 'interest-waiver',
      waiverPercent: 50,
      waivedInterest: { amountMinor: 501, currency: 'USD' },
    });
  });

  it('refuses an account whose interest the bank has not reported, or that has none', () => {
    expect(reasonsOf(offerTermsFor(waiver, aCampaignAccount(), NOW))).toEqual([
      'INTEREST_NOT_KNOWN',
    ]);
    const none = aCampaignAccount({ accruedInterest: { amountMinor: 0, currency: 'USD' } });
    expect(reasonsOf(offerTermsFor(waiver, none, NOW))).toEqual(['NO_INTEREST_ACCRUED']);
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
      [false, 'spring-waiver-100'],
    ]);
  });
});
