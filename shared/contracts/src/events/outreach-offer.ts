import { z } from 'zod';
import { MessageChannel, Slug } from '../primitives.js';

/**
 * The text of an offer for each message channel it may appear in, e.g.
 * `{ email: offer-instalment-plan-email, letter: offer-instalment-plan-letter }`. The renderer
 * includes it in the stage's message on that channel; a channel without an entry does not show
 * the offer (an SMS is often too short to state the terms fairly).
 */
export const OfferTemplates = z.partialRecord(MessageChannel, Slug);
export type OfferTemplates = z.infer<typeof OfferTemplates>;

const Percent = z.number().int().min(1).max(100);

const offerCommon = {
  /** Stable name of this offer in reports and in `agent.task` suggestions. */
  offerId: Slug,
  templates: OfferTemplates.optional(),
  /** How long the customer has to accept, counted from the message that carries the offer. */
  validForDays: z.number().int().min(1).max(365).optional(),
};

/**
 * A repayment offer attached to a stage or a campaign, and carried on a campaign's messages (the
 * campaign's own terms, so that the message states what the campaign offers). The kinds are those of the source
 * documents (and of `agent.task`'s `OfferKind`); each carries only the terms that define it, and
 * the amounts come from the account at planning time, never from the strategy.
 */
export const Offer = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('instalment-plan'),
    ...offerCommon,
    instalments: z.strictObject({
      min: z.number().int().min(2).max(60),
      max: z.number().int().min(2).max(60),
    }),
  }),
  z.strictObject({ kind: z.literal('minimum-payment'), ...offerCommon }),
  z.strictObject({
    kind: z.literal('deferral'),
    ...offerCommon,
    maxDeferralDays: z.number().int().min(1).max(180),
  }),
  z.strictObject({ kind: z.literal('interest-waiver'), ...offerCommon, waiverPercent: Percent }),
  z.strictObject({
    kind: z.literal('settlement-discount'),
    ...offerCommon,
    discountPercent: Percent,
  }),
  z.strictObject({
    kind: z.literal('early-repayment-cashback'),
    ...offerCommon,
    cashbackPercent: Percent,
  }),
]);
export type Offer = z.infer<typeof Offer>;
