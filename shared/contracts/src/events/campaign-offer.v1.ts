import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  MessageChannel,
  SignedPaymentReference,
  Sha256Hex,
  Slug,
  UtcDateTime,
} from '../primitives.js';
import { Offer } from './outreach-offer.js';

/** One channel a campaign may use for the account, with the variant's wording in its locale. */
export const CampaignStep = z.strictObject({
  channel: MessageChannel,
  templateId: Slug.describe('The variant’s whole-message template for this channel and locale'),
});
export type CampaignStep = z.infer<typeof CampaignStep>;

/**
 * From the campaigns service: an account in a campaign's segment, assigned to a variant (never
 * the holdout), is handed to the planner, which plans one marketing message for it under the
 * policy (consent, opt-outs, windows, caps) or says why not. One per account and campaign: the
 * event id derives from both, so a launch that resumes after a crash hands off the same event.
 */
export const CampaignOfferV1Payload = z.strictObject({
  accountId: AccountId,
  campaignId: Slug,
  campaignVersion: z.number().int().min(1),
  campaignHash: Sha256Hex.describe('SHA-256 of the campaign file the launch read'),
  variant: Slug.describe('The arm of the campaign’s test the account is in'),
  strategyId: Slug.describe('The campaign strategy: its stage gives the offers a message shows'),
  steps: z
    .array(CampaignStep)
    .min(1)
    .max(MessageChannel.options.length)
    .describe('The campaign’s channels in its order of preference; the first allowed is used'),
  sendBy: UtcDateTime.describe('The campaign’s last instant of sending: no message after it'),
  // 1.1: signed by the campaigns service when it has reference keys.
  paymentReference: SignedPaymentReference.optional().describe(
    'The signed reference the message’s payment link ends with (its MAC covers message, campaign, variant, tenant and account)',
  ),
  offers: z
    .array(Offer)
    .min(1)
    .max(10)
    .describe(
      'The campaign’s offers open to the account, with its terms (e.g. the number of instalments): the message states these, not the strategy’s',
    ),
});
export type CampaignOfferV1Payload = z.infer<typeof CampaignOfferV1Payload>;

export const CampaignOfferV1 = eventSchema('campaign.offer', 1, CampaignOfferV1Payload);
export type CampaignOfferV1 = z.infer<typeof CampaignOfferV1>;
