/**
 * The offers a campaign makes: each with the conditions an account must meet and the parameters
 * its terms are computed from (`offer-terms.ts`). No amount is written here for a customer: the
 * amounts come from the account when the message is planned.
 */
import { z } from 'zod';
import { CreditProduct, MessageChannel, Slug } from '@kindly/contracts';
import { AmountPerCurrency, DaysPastDueRange, WholePercent } from './campaign-primitives.schema.js';

export const OfferEligibility = z
  .strictObject({
    daysPastDue: DaysPastDueRange.optional().describe('Days past due the offer is made at'),
    minOverdueAmount: AmountPerCurrency.optional().describe(
      'The smallest overdue amount per currency; an unlisted currency is not eligible',
    ),
    products: z.array(CreditProduct).min(1).max(20).optional().describe('Products it is made for'),
  })
  .describe('Conditions beyond the segment; a condition left out holds for every account');
export type OfferEligibility = z.infer<typeof OfferEligibility>;

const offerCommon = {
  offerId: Slug.describe('Stable name of the offer in terms, reports and payments'),
  eligibility: OfferEligibility.optional(),
  fee: AmountPerCurrency.optional().describe(
    'A fee per currency, stated on its own in the terms; if set, an unlisted currency is not eligible',
  ),
  validForDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .describe('Days to accept, counted in the customer’s zone from the day the terms are made'),
  templates: z
    .partialRecord(MessageChannel, Slug)
    .optional()
    .describe('The section template showing the terms, per channel (offer-<kind>-<channel>)'),
};

export const InstalmentPlanOffer = z
  .strictObject({
    kind: z.literal('instalment-plan').describe('Repay in equal instalments'),
    ...offerCommon,
    covers: z
      .enum(['overdue-amount', 'total-balance'])
      .describe('What the plan repays: the arrears only, or the whole balance'),
    instalments: z
      .strictObject({
        min: z.number().int().min(2).max(60).describe('Fewest instalments offered'),
        max: z.number().int().min(2).max(60).describe('Most instalments offered'),
      })
      .describe('Number of instalments; the most that keep each above the minimum is offered'),
    minInstalment: AmountPerCurrency.describe(
      'The smallest instalment per currency; an unlisted currency is not eligible',
    ),
  })
  .describe('An instalment plan');

export const InterestWaiverOffer = z
  .strictObject({
    kind: z
      .literal('interest-waiver')
      .describe('Waive the interest charged while an instalment plan of the campaign is kept'),
    ...offerCommon,
    waiverPercent: WholePercent.describe(
      'Share of the interest charged during the plan that is waived',
    ),
  })
  .describe('An interest waiver');

export const SettlementDiscountOffer = z
  .strictObject({
    kind: z.literal('settlement-discount').describe('Settle the whole balance for less, once'),
    ...offerCommon,
    discountPercent: z
      .number()
      .int()
      .min(1)
      .max(90)
      .describe('Share of the total balance forgiven if the rest is paid; at most 90'),
    minBalance: AmountPerCurrency.describe(
      'The smallest total balance per currency it applies to; an unlisted currency is not eligible',
    ),
  })
  .describe('A settlement discount');

export const PaymentDeferralOffer = z
  .strictObject({
    kind: z.literal('deferral').describe('Move the overdue amount’s due date later'),
    ...offerCommon,
    deferralDays: z
      .number()
      .int()
      .min(1)
      .max(180)
      .describe('Calendar days, in the customer’s zone, the overdue amount is deferred by'),
  })
  .describe('A payment deferral');

export const CampaignOffer = z
  .discriminatedUnion('kind', [
    InstalmentPlanOffer,
    InterestWaiverOffer,
    SettlementDiscountOffer,
    PaymentDeferralOffer,
  ])
  .describe('An offer, by kind');
export type CampaignOffer = z.infer<typeof CampaignOffer>;
export type InstalmentPlanOffer = z.infer<typeof InstalmentPlanOffer>;
export type InterestWaiverOffer = z.infer<typeof InterestWaiverOffer>;
export type SettlementDiscountOffer = z.infer<typeof SettlementDiscountOffer>;
export type PaymentDeferralOffer = z.infer<typeof PaymentDeferralOffer>;
/** A subset of the contracts' `OfferKind`, spelled the same, so that terms can travel on `agent.task`. */
export type CampaignOfferKind = CampaignOffer['kind'];
