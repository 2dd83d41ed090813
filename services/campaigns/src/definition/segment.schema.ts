/**
 * Which accounts a campaign is for: filters over the account's state, each optional (a missing
 * filter lets every account through), and exclusions that always win.
 */
import { z } from 'zod';
import {
  AccountFlag,
  AccountId,
  CreditProduct,
  CurrencyCode,
  Jurisdiction,
  Slug,
  Stage,
} from '@kindly/contracts';
import { AmountRange, DayCount, DaysPastDueRange } from './campaign-primitives.schema.js';

/**
 * Flags a marketing campaign must always exclude: a disputed debt is not to be sold on (Reg F
 * 1006.38), a bankrupt customer is under the stay, a deceased one cannot be marketed to, and a
 * cease request ends every contact that is not a listed notice (Reg F 1006.6(c)). The loader
 * refuses a campaign that does not list them, so that the file says what happens.
 */
export const ALWAYS_EXCLUDED_FLAGS = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-communication',
] as const satisfies readonly AccountFlag[];

/** The account's repayment arrangements that keep it out. */
export const ArrangementFilter = z
  .strictObject({
    noBrokenPromiseWithinDays: DayCount.optional().describe(
      'Out if a promise to pay was broken within this many days',
    ),
    noActivePlan: z
      .boolean()
      .optional()
      .describe('Out if an instalment plan is running (made, not yet kept, broken or cancelled)'),
    noOpenPromise: z
      .boolean()
      .optional()
      .describe('Out if a promise to pay is open (made, not yet kept, broken or cancelled)'),
  })
  .describe('Filters over the account’s promises and plans');
export type ArrangementFilter = z.infer<typeof ArrangementFilter>;

/** Earlier campaigns whose recent audience is kept out, so that nobody gets two offers at once. */
export const ExposureFilter = z
  .strictObject({
    campaignIds: z
      .array(Slug)
      .min(1)
      .max(50)
      .describe('Campaigns (any version) whose audience is kept out; may name this campaign'),
    withinDays: DayCount.describe('Out if assigned to one of them within this many days'),
  })
  .describe('Keeps out accounts recently in the named campaigns (treatment or holdout)');
export type ExposureFilter = z.infer<typeof ExposureFilter>;

export const SegmentExclusions = z
  .strictObject({
    flags: z
      .array(AccountFlag)
      .min(ALWAYS_EXCLUDED_FLAGS.length)
      .max(AccountFlag.options.length)
      .describe(
        `Active flags that keep an account out; must include ${ALWAYS_EXCLUDED_FLAGS.join(', ')}`,
      ),
    accounts: z
      .array(AccountId)
      .max(100_000)
      .optional()
      .describe('Accounts kept out by name (complaints, staff, a bank’s own list)'),
  })
  .describe('Exclusions: they win over every filter');
export type SegmentExclusions = z.infer<typeof SegmentExclusions>;

export const Segment = z
  .strictObject({
    daysPastDue: DaysPastDueRange.optional().describe('Days past due, inclusive'),
    overdueBalance: z
      .record(CurrencyCode, AmountRange)
      .optional()
      .describe(
        'Overdue amount per currency, inclusive; an account in an unlisted currency is out',
      ),
    products: z.array(CreditProduct).min(1).max(20).optional().describe('Products included'),
    jurisdictions: z
      .array(Jurisdiction)
      .min(1)
      .max(100)
      .optional()
      .describe('Jurisdictions included; a country (US) includes its subdivisions (US-MA)'),
    stages: z.array(Stage).min(1).max(20).optional().describe('Collections stages included'),
    arrangements: ArrangementFilter.optional(),
    lastContactAtLeastDaysAgo: DayCount.optional().describe(
      'Out if the customer was contacted more recently than this many days ago',
    ),
    notExposedTo: z
      .array(ExposureFilter)
      .min(1)
      .max(20)
      .optional()
      .describe('Earlier campaigns whose recent audience is kept out'),
    exclude: SegmentExclusions,
  })
  .describe('Which accounts the campaign is for; a filter left out lets every account through');
export type Segment = z.infer<typeof Segment>;
