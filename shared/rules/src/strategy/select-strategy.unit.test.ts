import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadStrategy } from './load-strategy.js';
import { selectStrategy } from './select-strategy.js';
import { createStrategyCatalog } from './strategy-catalog.js';
import { StrategyError } from './strategy-problem.js';
import type { AppliesTo, Strategy } from './strategy-schema.js';

const read = (name: string) =>
  loadStrategy(readFileSync(new URL(`../../strategies/${name}`, import.meta.url), 'utf8'), name);
const fallback = read('default.yaml');
const loan = read('instalment-loan.yaml');
const campaign = read('repayment-offer-campaign.yaml');

/** A copy of the default strategy under another id, applying to other accounts. */
function variantOf(strategyId: string, appliesTo: AppliesTo): Strategy {
  return { ...fallback, strategyId, appliesTo };
}

function catalogProblems(strategies: readonly Strategy[]): string[] {
  try {
    createStrategyCatalog(strategies);
  } catch (error) {
    if (error instanceof StrategyError) return error.problems.map((problem) => problem.message);
    throw error;
  }
  return [];
}

describe('selectStrategy', () => {
  const catalog = createStrategyCatalog([fallback, loan, campaign]);

  it('picks the product strategy for its product and the default for the rest', () => {
    expect(selectStrategy(catalog, { product: 'instalment-loan' })?.strategyId).toBe(
      'instalment-loan',
    );
    expect(
      selectStrategy(catalog, { product: 'instalment-loan', segment: 'prime' })?.strategyId,
    ).toBe('instalment-loan');
    expect(selectStrategy(catalog, { product: 'credit-card', segment: 'prime' })?.strategyId).toBe(
      'default',
    );
    expect(selectStrategy(catalog, { product: 'overdraft' })?.strategyId).toBe('default');
  });

  it('keeps campaigns out of collections, and finds them by kind', () => {
    expect(selectStrategy(catalog, { product: 'credit-card', kind: 'campaign' })?.strategyId).toBe(
      'repayment-offer-campaign',
    );
    expect(selectStrategy(catalog, { product: 'overdraft', kind: 'campaign' })).toBeUndefined();
  });

  it('lets the most specific match win', () => {
    const vip = variantOf('vip', { segments: ['vip'] });
    const vipLoans = variantOf('vip-loans', { products: ['instalment-loan'], segments: ['vip'] });
    const cards = variantOf('cards', { products: ['credit-card'] });
    const vipCards = variantOf('vip-cards', { products: ['credit-card'], segments: ['vip'] });
    // The strategies naming both cover the accounts where a product-only and a segment-only
    // strategy would tie.
    const rich = createStrategyCatalog([fallback, loan, vip, vipLoans, cards, vipCards]);
    expect(selectStrategy(rich, { product: 'instalment-loan', segment: 'vip' })?.strategyId).toBe(
      'vip-loans',
    );
    expect(selectStrategy(rich, { product: 'overdraft', segment: 'vip' })?.strategyId).toBe('vip');
    expect(selectStrategy(rich, { product: 'instalment-loan' })?.strategyId).toBe(
      'instalment-loan',
    );
    expect(selectStrategy(rich, { product: 'credit-card', segment: 'mass' })?.strategyId).toBe(
      'cards',
    );
    expect(selectStrategy(rich, { product: 'personal-loan' })?.strategyId).toBe('default');
  });
});

describe('createStrategyCatalog', () => {
  it('refuses a tie, naming the strategies and an account they both claim', () => {
    const vip = variantOf('vip', { segments: ['vip'] });
    expect(catalogProblems([fallback, loan, vip])).toEqual([
      'tie: "instalment-loan" and "vip" are equally specific for product instalment-loan, segment vip; narrow one, or add a strategy naming both',
    ]);
  });

  it('refuses two strategies for the same product', () => {
    expect(
      catalogProblems([
        fallback,
        loan,
        variantOf('loans-2', { products: ['instalment-loan', 'overdraft'] }),
      ]),
    ).toEqual([
      'tie: "instalment-loan" and "loans-2" are equally specific for product instalment-loan, any other segment; narrow one, or add a strategy naming both',
    ]);
  });

  it('accepts the same products when the segments are disjoint', () => {
    expect(
      catalogProblems([
        fallback,
        variantOf('a', { products: ['credit-card'], segments: ['a'] }),
        variantOf('b', { products: ['credit-card'], segments: ['b'] }),
      ]),
    ).toEqual([]);
  });

  it('wants exactly one default and each id once', () => {
    expect(catalogProblems([loan])).toEqual([
      'no default collections strategy: accounts that match no other would get no reminders',
    ]);
    expect(catalogProblems([fallback, variantOf('other-default', { default: true })])).toEqual([
      'tie: "default" and "other-default" are equally specific for product credit-card, any other segment; narrow one, or add a strategy naming both',
    ]);
    expect(catalogProblems([fallback, loan, { ...loan, version: 2 }])).toEqual([
      'strategy "instalment-loan" is loaded twice; load one version of each',
      'tie: "instalment-loan" and "instalment-loan" are equally specific for product instalment-loan, any other segment; narrow one, or add a strategy naming both',
    ]);
  });
});
