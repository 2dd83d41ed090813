import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  Locale,
  Purpose,
  ReasonCode,
  SignedPaymentReference,
  Slug,
  UtcDateTime,
} from '../primitives.js';
import { messageRef } from './outreach-common.js';
import { policyProvenance, StrategyHash } from './outreach-provenance.js';
import { carriedStep } from './outreach-step.js';
import { Offer } from './outreach-offer.js';

/**
 * From the scheduler: a planned message's time has come and the last look found nothing against
 * it. It carries what the renderer and the dispatcher need, so neither has to read the plan.
 */
export const OutreachReleasedV1Payload = z.strictObject({
  ...messageRef,
  templateId: Slug,
  locale: Locale,
  purpose: Purpose,
  variant: Slug.optional(),
  campaignId: Slug.optional(),
  // 1.2: a campaign message's own offers, carried on from the plan for the renderer.
  offers: z.array(Offer).min(1).max(10).optional(),
  // 1.3: a campaign message's signed payment reference, carried on from the plan.
  paymentReference: SignedPaymentReference.optional(),
  strategyId: Slug.describe('The strategy that planned it: the renderer reads the stage’s offers'),
  strategyVersion: z.number().int().min(1),
  // 1.1: the plan's provenance, carried on so the rendered message names it too.
  strategyHash: StrategyHash.optional(),
  ...policyProvenance,
  reasons: z.array(ReasonCode).max(20).describe('The plan’s reasons, carried on for the audit'),
  latestSendAt: UtcDateTime.describe('Not to be sent after this instant: the window closes'),
  ...carriedStep,
});
export type OutreachReleasedV1Payload = z.infer<typeof OutreachReleasedV1Payload>;

export const OutreachReleasedV1 = eventSchema('outreach.released', 1, OutreachReleasedV1Payload);
export type OutreachReleasedV1 = z.infer<typeof OutreachReleasedV1>;
