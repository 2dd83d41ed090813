import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadStrategy } from './load-strategy.js';
import { selectStage } from './select-stage.js';

const read = (name: string) =>
  loadStrategy(readFileSync(new URL(`../../strategies/${name}`, import.meta.url), 'utf8'), name);
const fallback = read('default.yaml');
const loan = read('instalment-loan.yaml');

const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
const stageAt = (daysPastDue: number, amountMinor = 500_000, currency = 'CNY') =>
  selectStage(fallback, { daysPastDue, overdueBalance: { amountMinor, currency } })?.stage;

describe('selectStage (default strategy)', () => {
  it.each([
    [0, undefined],
    [1, 1],
    [14, 1],
    [15, 2],
    [44, 2],
    [45, 3],
    [74, 3],
    [75, 4],
    [89, 4],
    [90, 5],
    [91, 5],
    [400, 5],
    [36_500, 5],
  ])('day %i past due is stage %s', (days, stage) => {
    expect(stageAt(days)).toBe(stage);
  });

  it('keeps a balance below legal’s minimum in the final-notice stage', () => {
    expect(stageAt(90, 99_999)).toBe(4);
    expect(stageAt(90, 100_000)).toBe(5);
    expect(stageAt(200, 0)).toBe(4);
  });

  it('does not hand a currency the stage sets no minimum for to legal', () => {
    expect(stageAt(120, 10_000_000, 'JPY')).toBe(4);
    expect(stageAt(120, 25_000, 'USD')).toBe(5);
  });

  it('puts every day from 1 in the stage whose range holds it, for balances over every minimum', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 36_500 }), (daysPastDue) => {
        const stage = selectStage(fallback, { daysPastDue, overdueBalance: cny(10_000_000) });
        const { from, to } = stage?.entry.daysPastDue ?? { from: Infinity };
        return from <= daysPastDue && (to === undefined || daysPastDue <= to);
      }),
    );
  });

  it('never chooses a stage whose minimum the balance misses, and never a lower one than it could', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (days, amount) => {
          const stage = selectStage(loan, { daysPastDue: days, overdueBalance: cny(amount) });
          const higher = loan.stages.filter((s) => s.stage > (stage?.stage ?? 0));
          const meets = (s: (typeof loan.stages)[number]) =>
            days >= s.entry.daysPastDue.from && amount >= (s.entry.minOverdueBalance?.['CNY'] ?? 0);
          return (stage === undefined || meets(stage)) && !higher.some(meets);
        },
      ),
    );
  });
});

describe('selectStage (instalment-loan strategy)', () => {
  it.each([
    [0, 60_000, undefined],
    [10, 60_000, 1],
    [11, 60_000, 2],
    [30, 60_000, 2],
    [31, 60_000, 3],
    [31, 49_999, 2],
    [61, 49_999, 4],
    [75, 60_000, 4],
    [75, 100_000, 5],
  ])('day %i with CNY %i minor is stage %s', (days, amount, stage) => {
    expect(selectStage(loan, { daysPastDue: days, overdueBalance: cny(amount) })?.stage).toBe(
      stage,
    );
  });
});
