import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignVariant, variantPoint } from './assign-variant.js';
import { loadStrategy } from './load-strategy.js';
import type { Strategy, Variant } from './strategy-schema.js';

const read = (name: string) =>
  loadStrategy(readFileSync(new URL(`../../strategies/${name}`, import.meta.url), 'utf8'), name);
const loan = read('instalment-loan.yaml'); // 90 / 10
const campaign = read('repayment-offer-campaign.yaml'); // 50 / 50
const threeArms: Strategy = {
  ...campaign,
  variants: [
    { id: 'champion', role: 'champion', weight: 60 },
    { id: 'b', role: 'challenger', weight: 25 },
    { id: 'c', role: 'challenger', weight: 15 },
  ],
};

/** Sequential ids, the hard case for a weak hash. */
const ids = Array.from({ length: 10_000 }, (_, index) => `acc-${String(index).padStart(8, '0')}`);

function shares(strategy: Strategy): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) {
    const variant = assignVariant(strategy, id)?.id ?? 'none';
    counts.set(variant, (counts.get(variant) ?? 0) + 1);
  }
  return new Map([...counts].map(([variant, count]) => [variant, count / ids.length]));
}

function expectedShares(variants: readonly Variant[]): Map<string, number> {
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0);
  return new Map(variants.map((variant) => [variant.id, variant.weight / total]));
}

describe('assignVariant', () => {
  it('gives no variant when the strategy runs no test', () => {
    expect(assignVariant(read('default.yaml'), 'acc-1')).toBeUndefined();
  });

  it('gives the same account the same arm, every time', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (accountId) => {
        const first = assignVariant(loan, accountId);
        const second = assignVariant(structuredClone(loan), accountId);
        return first !== undefined && first.id === second?.id;
      }),
    );
  });

  it('keeps an account in its arm across versions of the strategy', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), (accountId) => {
        return (
          assignVariant(loan, accountId)?.id ===
          assignVariant({ ...loan, version: 7 }, accountId)?.id
        );
      }),
    );
  });

  it.each([
    ['90/10', loan],
    ['50/50', campaign],
    ['60/25/15', threeArms],
  ])('splits 10,000 sequential ids within 3 points of the weights (%s)', (_, strategy) => {
    const actual = shares(strategy);
    for (const [variant, share] of expectedShares(strategy.variants ?? [])) {
      expect(Math.abs((actual.get(variant) ?? 0) - share)).toBeLessThanOrEqual(0.03);
    }
  });

  it('splits two experiments independently', () => {
    const other: Strategy = { ...campaign, experimentId: 'another-experiment' };
    const same = ids.filter(
      (id) => assignVariant(campaign, id)?.id === assignVariant(other, id)?.id,
    ).length;
    // Independent 50/50 splits agree for about half the accounts, not all of them.
    expect(Math.abs(same / ids.length - 0.5)).toBeLessThanOrEqual(0.03);
  });

  it('places every account in [0, 1)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ minLength: 1 }), (experiment, accountId) => {
        const point = variantPoint(experiment, accountId);
        return point >= 0 && point < 1;
      }),
    );
  });
});
