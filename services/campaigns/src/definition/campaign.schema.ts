/**
 * A repayment-offer campaign as versioned data: whom it is for (segment), what it offers,
 * how it words it (variants), who is kept out to measure it (holdout), when and how fast it
 * sends, and when it stops itself. This file is the shape; `check-campaign.ts` holds the rules
 * across fields and `load-campaign.ts` reads a file.
 */
import { z } from 'zod';
import {
  CurrencyCode,
  DayOfWeek,
  IsoDate,
  MessageChannel,
  Slug,
  TimeZone,
} from '@kindly/contracts';
import { CampaignOffer } from './offer.schema.js';
import { Segment } from './segment.schema.js';
import { Variant } from './variant.schema.js';

export const Holdout = z
  .strictObject({
    percent: z
      .number()
      .min(1)
      .max(50)
      // At least 1 %: a campaign without a holdout cannot show what it brought, which is the
      // point of running it; at most half, or the campaign hardly runs.
      .describe('Share of the segment never contacted, to measure uplift against; 1 to 50'),
  })
  .describe('Accounts assigned here are never contacted by the campaign');

export const Schedule = z
  .strictObject({
    start: IsoDate.describe('First day of sending, in timeZone'),
    end: IsoDate.describe('Last day of sending, in timeZone, inclusive'),
    daysOfWeek: z
      .array(DayOfWeek)
      .min(1)
      .max(7)
      .describe('ISO days of the week it sends on, 1 Monday to 7 Sunday'),
    timeZone: TimeZone.describe(
      'The IANA zone the dates are in (the customers’ windows still apply)',
    ),
  })
  .describe('When the campaign sends');

export const Throttle = z
  .strictObject({
    perSecond: z.number().int().min(1).max(1000).describe('Messages released per second at most'),
    perDay: z.number().int().min(1).max(10_000_000).describe('Messages released per day at most'),
    budget: z
      .strictObject({
        amountMinor: z
          .number()
          .int()
          .positive()
          .max(Number.MAX_SAFE_INTEGER)
          .describe('The amount in minor units'),
        currency: CurrencyCode.describe('ISO 4217 currency of the amount'),
      })
      .describe('The most the campaign may spend on sending (SMS segments, letters)'),
    costPerMessage: z
      .partialRecord(MessageChannel, z.number().min(0).max(100_000))
      .describe(
        'What one message costs at most on each channel, in minor units of the budget currency (fractions allowed: 0.83 is 0.83 cents); for SMS, a segment’s price times the most segments the campaign’s SMS templates allow; every campaign channel needs one',
      ),
  })
  .describe('How fast and how much the campaign sends');

export const ComplaintLimits = z
  .strictObject({
    emailComplaintRate: z
      .number()
      .positive()
      // Gmail asks bulk senders to stay under 0.1 % spam complaints (compliance.md §5.2); a
      // campaign may pause sooner, never later.
      .max(0.001)
      .default(0.001)
      .describe('Spam complaints per delivered e-mail at which the campaign pauses; at most 0.001'),
    smsOptOutRate: z
      .number()
      .positive()
      .max(0.2)
      .describe('STOP / 退订 replies per delivered SMS above which the campaign pauses'),
  })
  .describe('The complaint breaker: rates that pause the campaign and raise an alert');

export const Campaign = z
  .strictObject({
    campaignId: Slug.describe('Stable name; the assignment of accounts depends on it'),
    version: z.number().int().min(1).describe('Version of this definition, raised on each change'),
    name: z.string().min(1).max(200).describe('A name for operators'),
    purpose: z
      .literal('marketing')
      .describe('Always marketing: marketing consent, opt-outs and wording rules apply'),
    strategyId: Slug.describe('The campaign strategy it sends with, e.g. repayment-offer-campaign'),
    segment: Segment,
    offers: z.array(CampaignOffer).min(1).max(10).describe('The offers, in order of preference'),
    variants: z.array(Variant).min(1).max(10).describe('The arms of the test; one is no test'),
    holdout: Holdout,
    schedule: Schedule,
    throttle: Throttle,
    channels: z
      .array(MessageChannel)
      .min(1)
      .max(MessageChannel.options.length)
      .describe('Channels in order of preference'),
    attributionWindowDays: z
      .number()
      .int()
      .min(1)
      .max(180)
      .describe('Days after a message within which a payment counts for the campaign'),
    complaintLimits: ComplaintLimits,
  })
  .describe('A repayment-offer campaign (Kindly)');
export type Campaign = z.infer<typeof Campaign>;
export type Holdout = z.infer<typeof Holdout>;
export type Schedule = z.infer<typeof Schedule>;
export type Throttle = z.infer<typeof Throttle>;
export type ComplaintLimits = z.infer<typeof ComplaintLimits>;
