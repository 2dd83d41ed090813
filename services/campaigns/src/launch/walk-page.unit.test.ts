import { describe, expect, it } from 'vitest';
import { emptyAccountState, evolveAccountState } from '@kindly/rules';
import { loadCampaign, type Campaign } from '../definition/index.js';
import { campaignAccount, campaignFileText } from '../testing/launch-fixtures.js';
import { walkPage, type WalkedAccount } from './walk-page.js';

function campaignWith(holdoutPercent: number): Campaign {
  const text = campaignFileText({ campaignId: 'walk-test', perSecond: 10, holdoutPercent });
  const loaded = loadCampaign(text, 'walk-test.yaml');
  if (!loaded.ok) throw new Error(loaded.messages.join('\n'));
  return loaded.campaign;
}

function walked(accountId: string): WalkedAccount {
  const { events } = campaignAccount(accountId, true);
  const state = events.reduce(
    (s, e) => evolveAccountState(s, e).state,
    emptyAccountState('bank-1', accountId),
  );
  return { key: `bank-1:${accountId}`, state, beyond: { exposures: [], stage: 2 } };
}

const now = new Date();
const accounts = Array.from({ length: 200 }, (_, i) => walked(`w-${i}`));

describe('a page of the walk', () => {
  it('never hands over an account of the holdout, and hands over every other', () => {
    const page = walkPage(campaignWith(20), accounts, now, Infinity);
    const holdout = page.outcomes.filter((o) => o.outcome.kind === 'holdout');
    const offers = page.outcomes.filter((o) => o.outcome.kind === 'offer');
    expect(holdout.length + offers.length).toBe(accounts.length);
    // About a fifth, by hash: 40 expected, far from 0 or 200.
    expect(holdout.length).toBeGreaterThan(20);
    expect(holdout.length).toBeLessThan(60);
    expect(page.offers).toBe(offers.length);
  });

  it('stops before the offer that would exceed the allowance, so the cursor passes only what was handled', () => {
    const page = walkPage(campaignWith(20), accounts, now, 7);
    expect(page.offers).toBe(7);
    const last = page.outcomes[page.outcomes.length - 1];
    expect(last?.outcome.kind).toBe('offer');
    // The account after the last one kept is the next offer, not yet handled.
    const next = accounts[page.outcomes.length];
    const again = walkPage(campaignWith(20), next ? [next] : [], now, 1);
    expect(again.outcomes[0]?.outcome.kind).toBe('offer');
  });

  it('leaves out an account outside the segment with its reasons, at no cost to the allowance', () => {
    const early = walked('w-early');
    const overdue = early.state.overdue!;
    const outside: WalkedAccount = {
      ...early,
      state: {
        ...early.state,
        overdue: { ...overdue, value: { ...overdue.value, daysPastDue: 5 } },
      },
    };
    const outcome = walkPage(campaignWith(20), [outside], now, 0).outcomes[0]?.outcome;
    expect(outcome?.kind).toBe('not-in-segment');
    expect(outcome?.kind === 'not-in-segment' && outcome.reasons).toContain('DAYS_PAST_DUE_BELOW');
  });

  it('speaks the customer’s language or does not write: no wording for the locale, no hand-over', () => {
    const account = walked('w-french');
    const contact = account.state.contact!;
    const french: WalkedAccount = {
      ...account,
      state: {
        ...account.state,
        contact: { ...contact, value: { ...contact.value, locale: 'fr-FR' } },
      },
    };
    expect(walkPage(campaignWith(20), [french], now, 10).outcomes[0]?.outcome).toEqual({
      kind: 'no-wording',
    });
  });
});

describe('the offers a hand-over carries', () => {
  it('carries the campaign’s own terms: the most instalments that keep each above its minimum', () => {
    const page = walkPage(campaignWith(20), accounts.slice(0, 40), now, Infinity);
    const offer = page.outcomes.find((o) => o.outcome.kind === 'offer')?.outcome;
    if (offer?.kind !== 'offer') throw new Error('expected an offer');
    // 1,280.50 CNY overdue and at least 100.00 CNY an instalment: 12 instalments, not the 24
    // the campaign allows at most (nor the strategy's 24).
    expect(offer.offers.map((o) => o.kind)).toEqual(['instalment-plan', 'interest-waiver']);
    expect(offer.offers[0]).toMatchObject({
      kind: 'instalment-plan',
      instalments: { min: 6, max: 12 },
    });
  });

  it('keeps a variant whose wording speaks of an offer the account lacks from sending it', () => {
    const base = campaignWith(20);
    const campaign: Campaign = {
      ...base,
      offers: [
        ...base.offers.filter((o) => o.kind === 'instalment-plan'),
        {
          kind: 'settlement-discount',
          offerId: 'settle-big',
          discountPercent: 20,
          minBalance: { CNY: 100_000_000 },
          validForDays: 30,
        },
      ],
      variants: base.variants.map((variant) =>
        variant.id === 'champion'
          ? variant
          : {
              ...variant,
              wording: Object.fromEntries(
                Object.entries(variant.wording).map(([channel, perLocale]) => [
                  channel,
                  Object.fromEntries(
                    Object.entries(perLocale).map(([locale, wording]) => [
                      locale,
                      { ...wording, requiresOffers: ['settlement-discount' as const] },
                    ]),
                  ),
                ]),
              ),
            },
      ),
    };
    const outcomes = walkPage(campaign, accounts, now, Infinity).outcomes.map((o) => o.outcome);
    expect(outcomes.some((o) => o.kind === 'wording-needs-offer')).toBe(true);
    for (const outcome of outcomes) {
      if (outcome.kind === 'offer') expect(outcome.variant).toBe('champion');
      if (outcome.kind === 'wording-needs-offer') expect(outcome.variant).not.toBe('champion');
    }
  });
});
