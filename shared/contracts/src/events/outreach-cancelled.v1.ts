import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { Detail, messageRef, SuppressionReason } from './outreach-common.js';

/**
 * Why a planned message was withdrawn before it went out: any suppression reason, or one of
 * the scheduler's own (a newer plan replaced it, its window passed, a person stopped it, a
 * preferred channel became eligible).
 */
export const CancellationReason = z.enum([
  ...SuppressionReason.options,
  'SUPERSEDED',
  'EXPIRED',
  'MANUAL',
  // 1.1: a campaign paused or cancelled (by an operator or its complaint breaker) withdraws its
  // messages still waiting.
  'CAMPAIGN_STOPPED',
  // 1.2: a fallback the scheduler withdrew at release because a channel the plan passed over
  // (`outreach.planned`'s passedOver) became eligible; the planner plans that channel instead.
  // Its own reason, not SUPERSEDED with a detail: consumers match it by reason alone.
  'PREFERRED_CHANNEL',
]);
export type CancellationReason = z.infer<typeof CancellationReason>;

/** From the scheduler: a planned message will not be sent. */
export const OutreachCancelledV1Payload = z.strictObject({
  ...messageRef,
  reason: CancellationReason,
  detail: Detail.optional(),
});
export type OutreachCancelledV1Payload = z.infer<typeof OutreachCancelledV1Payload>;

export const OutreachCancelledV1 = eventSchema('outreach.cancelled', 1, OutreachCancelledV1Payload);
export type OutreachCancelledV1 = z.infer<typeof OutreachCancelledV1>;
