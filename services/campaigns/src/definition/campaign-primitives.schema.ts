/**
 * The small shapes every part of a campaign definition is built from: ranges, amounts per
 * currency, percentages and day counts. Amounts are integer minor units, as everywhere in Kindly.
 */
import { z } from 'zod';
import { CurrencyCode, DaysPastDue } from '@kindly/contracts';

/** A whole number of minor units (cents, fen), never a float. */
export const MinorUnits = z
  .number()
  .int()
  .nonnegative()
  .max(Number.MAX_SAFE_INTEGER)
  .describe('An amount in minor units of its currency (cents, fen): a whole number');

/**
 * An amount for each currency the campaign serves, e.g. `{ USD: 2500, CNY: 10000 }`. An account
 * in a currency that is not listed does not meet it: a threshold nobody set for a currency is
 * no ground to make an offer in it.
 */
export const AmountPerCurrency = z
  .record(CurrencyCode, MinorUnits)
  .describe('Minor units per ISO 4217 currency; a currency not listed is not served');
export type AmountPerCurrency = z.infer<typeof AmountPerCurrency>;

/** An inclusive range of days past due; without `to` it is open. */
export const DaysPastDueRange = z
  .strictObject({
    from: DaysPastDue.describe('The first day past due included'),
    to: DaysPastDue.optional().describe('The last day past due included; absent: no upper bound'),
  })
  .describe('An inclusive range of days past due');
export type DaysPastDueRange = z.infer<typeof DaysPastDueRange>;

/** An inclusive range of an amount in one currency; either bound may be absent. */
export const AmountRange = z
  .strictObject({
    min: MinorUnits.optional().describe('The smallest amount included, minor units'),
    max: MinorUnits.optional().describe('The largest amount included, minor units'),
  })
  .describe('An inclusive range of an amount, minor units');
export type AmountRange = z.infer<typeof AmountRange>;

/** A whole percentage; an offer of 0 % is no offer. */
export const WholePercent = z
  .number()
  .int()
  .min(1)
  .max(100)
  .describe('A whole percentage, 1 to 100');

/** A number of calendar days in the customer's zone. */
export const DayCount = z
  .number()
  .int()
  .min(1)
  .max(3650)
  .describe('Calendar days, counted in the customer’s time zone');
