/**
 * Sums of money kept apart by currency: a campaign across banks or countries pays and costs in
 * several, and adding fen to cents is meaningless. Integer minor units throughout.
 */
import { AppError } from '@kindly/errors';
import type { Money } from '@kindly/contracts';

export class MoneyByCurrency {
  readonly #totals = new Map<string, number>();

  add(currency: string, amountMinor: number): void {
    const total = (this.#totals.get(currency) ?? 0) + amountMinor;
    if (!Number.isSafeInteger(total)) {
      throw new AppError('MONEY_OUT_OF_RANGE', 'a total is not a safe integer of minor units');
    }
    this.#totals.set(currency, total);
  }

  /** One amount per currency, in currency order, so reports and their CSV are stable. */
  toList(): Money[] {
    return [...this.#totals]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, amountMinor]) => ({ amountMinor, currency }));
  }
}

/**
 * A price that may be a fraction of a minor unit per item, as SMS segments are (US$0.0083 a
 * segment is `{ amountMinor: 83, perUnits: 100, currency: 'USD' }`).
 */
export interface UnitPrice {
  readonly currency: string;
  readonly amountMinor: number;
  /** How many items `amountMinor` pays for; 1 for a plain per-item price. */
  readonly perUnits: number;
}

/**
 * `count` items at `price`, rounded half up to a whole minor unit once, on the group's total
 * (rounding each message would add up the rounding errors).
 */
export function costOf(count: number, price: UnitPrice): number {
  if (!Number.isInteger(price.amountMinor) || !Number.isInteger(price.perUnits)) {
    throw new AppError('INVALID_PRICE', 'a unit price needs whole minor units and a whole count');
  }
  if (price.perUnits < 1 || price.amountMinor < 0) {
    throw new AppError('INVALID_PRICE', 'a unit price needs perUnits >= 1 and amountMinor >= 0');
  }
  return Math.floor((2 * count * price.amountMinor + price.perUnits) / (2 * price.perUnits));
}
