/**
 * Exact arithmetic on amounts in minor units. Percentages go through BigInt, so that no product
 * of an amount and a percentage is ever a float, however large the balance.
 */
import type { Money } from '@kindly/contracts';

/** `percent` % of `amountMinor`, rounded up to a whole minor unit (in the customer's favour). */
export function percentRoundedUp(amountMinor: number, percent: number): number {
  const product = BigInt(amountMinor) * BigInt(percent);
  return Number((product + 99n) / 100n);
}

export function money(amountMinor: number, currency: string): Money {
  return { amountMinor, currency };
}

/**
 * `total` in `count` instalments that add up to it exactly: each the whole-unit share rounded
 * down, the last absorbing the remainder (so the last is the largest, by less than `count`).
 */
export function splitIntoInstalments(total: number, count: number): number[] {
  if (!Number.isSafeInteger(total) || total < 0 || !Number.isInteger(count) || count < 1) {
    throw new RangeError(`cannot split ${total} into ${count} instalments`);
  }
  const each = Math.floor(total / count);
  return Array.from({ length: count }, (_, index) =>
    index === count - 1 ? total - each * (count - 1) : each,
  );
}
