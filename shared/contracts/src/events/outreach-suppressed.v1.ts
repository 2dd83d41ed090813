import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { Locale, noDuplicates, Purpose, Slug } from '../primitives.js';
import { Detail, messageRef, SuppressionReason } from './outreach-common.js';
import { policyProvenance } from './outreach-provenance.js';

/** Which check stopped the message: planning, the scheduler's last look, or the dispatcher's. */
export const Checkpoint = z.enum(['plan', 'release', 'send']);
export type Checkpoint = z.infer<typeof Checkpoint>;

/**
 * From the planner, scheduler or dispatcher: a message that would have been sent is not, and
 * why. The audit counts these; every one is a rule that worked.
 */
export const OutreachSuppressedV1Payload = z.strictObject({
  ...messageRef,
  purpose: Purpose,
  templateId: Slug.optional(),
  locale: Locale.optional(),
  campaignId: Slug.optional(),
  checkpoint: Checkpoint,
  reasons: z
    .array(SuppressionReason)
    .min(1)
    .max(SuppressionReason.options.length)
    .refine(noDuplicates, 'a reason is named twice'),
  detail: Detail.optional(),
  // 1.1: the policy that decided it, for the audit.
  ...policyProvenance,
});
export type OutreachSuppressedV1Payload = z.infer<typeof OutreachSuppressedV1Payload>;

export const OutreachSuppressedV1 = eventSchema(
  'outreach.suppressed',
  1,
  OutreachSuppressedV1Payload,
);
export type OutreachSuppressedV1 = z.infer<typeof OutreachSuppressedV1>;
