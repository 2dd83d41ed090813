import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  EndOfWindow,
  inOrder,
  Locale,
  OutreachChannel,
  SignedPaymentReference,
  Purpose,
  ReasonCode,
  Slug,
  startsBeforeItEnds,
  TimeOfDay,
  TimeZone,
  UtcDateTime,
} from '../primitives.js';
import { messageRef } from './outreach-common.js';
import { policyProvenance, StrategyHash } from './outreach-provenance.js';
import { TemplateKind } from './outreach-step.js';
import { Offer } from './outreach-offer.js';

/**
 * The local window a message may go out in, as the policy computed it. With several candidate
 * zones the window holds in every one of them (the intersection), so the message is lawful
 * wherever the customer is.
 */
export const SendWindow = z
  .strictObject({
    zones: z.array(TimeZone).min(1).max(6),
    start: TimeOfDay,
    end: EndOfWindow,
  })
  .refine(startsBeforeItEnds, { path: ['end'], message: 'end must be after start' });
export type SendWindow = z.infer<typeof SendWindow>;

/** From the planner: a message is planned, to go out between two instants. */
export const OutreachPlannedV1Payload = z
  .strictObject({
    ...messageRef,
    templateId: Slug,
    locale: Locale,
    purpose: Purpose,
    earliestSendAt: UtcDateTime,
    latestSendAt: UtcDateTime,
    window: SendWindow,
    strategyId: Slug,
    strategyVersion: z.number().int().min(1),
    // 1.1: what the plan was made from, for the audit.
    strategyHash: StrategyHash.optional(),
    ...policyProvenance,
    templateKind: TemplateKind.optional(),
    campaignId: Slug.optional(),
    variant: Slug.optional(),
    // 1.2: a campaign message's own offers; absent, the strategy stage's are shown.
    offers: z.array(Offer).min(1).max(10).optional(),
    // 1.3: a campaign message's signed payment reference, which its payment link ends with.
    paymentReference: SignedPaymentReference.optional(),
    // 1.4: the stage's channels before this one that the planner skipped as ineligible (not
    // those tried already), in the stage's order, each once and never the plan's own channel.
    // The scheduler withdraws the message at release (`outreach.cancelled` 1.2's
    // `PREFERRED_CHANNEL`) when one of them has become eligible since, and holds such a plan briefly
    // first, for facts of the same instant still on their way. Absent: nothing passed over.
    passedOver: z
      .array(OutreachChannel)
      .min(1)
      .max(5)
      .optional()
      .describe('Earlier channels of the stage skipped as ineligible when this was planned'),
    reasons: z.array(ReasonCode).max(20).describe('Why this step, channel and time were chosen'),
  })
  .refine((p) => inOrder(p.earliestSendAt, p.latestSendAt), {
    path: ['latestSendAt'],
    message: 'latestSendAt is before earliestSendAt',
  })
  .refine(
    (p) =>
      p.passedOver === undefined ||
      (new Set(p.passedOver).size === p.passedOver.length && !p.passedOver.includes(p.channel)),
    { path: ['passedOver'], message: 'passedOver names a channel twice, or the plan’s own' },
  );
export type OutreachPlannedV1Payload = z.infer<typeof OutreachPlannedV1Payload>;

export const OutreachPlannedV1 = eventSchema('outreach.planned', 1, OutreachPlannedV1Payload);
export type OutreachPlannedV1 = z.infer<typeof OutreachPlannedV1>;
