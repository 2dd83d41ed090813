import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoInstalments } from './minor-units.js';
import type { CampaignOffer } from './offer.schema.js';
import { offerTermsFor } from './offer-terms.js';
import { aCampaignAccount, amountsIn } from './testing/a-campaign-account.js';
import {
  aPlanOffer as plan,
  OFFER_NOW as NOW,
  reasonsOf,
  termsOf,
} from './testing/offer-decisions.js';

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
