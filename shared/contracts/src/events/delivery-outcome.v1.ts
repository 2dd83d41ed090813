import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  Identifier,
  IsoDate,
  OutreachChannel,
  Reference,
  Slug,
  UtcDateTime,
} from '../primitives.js';

/**
 * Where a message is in its provider's hands. The dispatcher reports the first steps
 * (accepted … failed); the tracker the rest, from the providers' callbacks.
 */
export const DeliveryStatus = z.enum([
  'accepted',
  'queued',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'bounced',
  'opened',
  'clicked',
  'complained',
]);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/**
 * The answer of a reassigned-numbers database (the FCC's RND) the dispatcher had for the number
 * when it sent or stopped a text: the safe-harbour evidence (47 CFR 64.1200(m); Reg F
 * 1006.6(d)(5)) the audit keeps with the message.
 */
export const NumberCheck = z.strictObject({
  database: Slug.describe('e.g. fcc-rnd'),
  answer: z
    .enum(['yes', 'no', 'no-data'])
    .describe(
      'yes: permanently disconnected since `since` (reassigned: do not text); no: not since; no-data',
    ),
  since: IsoDate.describe(
    'The date asked about: when the customer was last known to have the number',
  ),
  queryId: Reference.describe('The database’s id of the query'),
  askedAt: UtcDateTime.describe('When the database was asked'),
});
export type NumberCheck = z.infer<typeof NumberCheck>;

/**
 * From the dispatcher or the tracker: what happened to one attempt at sending a message; from the
 * agent desk, what became of one call (a conversation is `delivered`, no answer `undelivered`).
 */
export const DeliveryOutcomeV1Payload = z.strictObject({
  accountId: AccountId,
  messageId: Identifier,
  attempt: z.number().int().min(1).max(100),
  channel: OutreachChannel.describe('agent-call: a call an agent reported from the agent desk'),
  provider: Slug.describe('e.g. twilio, smtp, print'),
  providerMessageId: Identifier.optional(),
  status: DeliveryStatus,
  retryable: z.boolean().describe('Whether another attempt may succeed'),
  errorCode: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected a provider error code')
    .optional()
    .describe('The provider’s code, e.g. Twilio 30003 or SMTP 5.1.1'),
  at: UtcDateTime.describe('When the provider reported the status'),
  to: z
    .string()
    .min(1)
    .max(1_000)
    .optional()
    .describe(
      'Accepted sends only (1.1): the address the provider was given (E.164, e-mail, or for a letter the postal address as postalAddressText gives it). The audit keeps only its keyed hash',
    ),
  numberCheck: NumberCheck.optional().describe(
    'SMS from the dispatcher (1.2): the reassigned-numbers answer the text was sent or stopped on',
  ),
});
export type DeliveryOutcomeV1Payload = z.infer<typeof DeliveryOutcomeV1Payload>;

export const DeliveryOutcomeV1 = eventSchema('delivery.outcome', 1, DeliveryOutcomeV1Payload);
export type DeliveryOutcomeV1 = z.infer<typeof DeliveryOutcomeV1>;
