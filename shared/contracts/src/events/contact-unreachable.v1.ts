import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { AccountId, EmailAddress, PhoneNumber, Reference, UtcDateTime } from '../primitives.js';

/**
 * Why a contact point cannot be reached. Each is a fact about the address, not about what the
 * customer wants: none of them withdraws consent, and a new address clears them.
 */
export const UnreachableReason = z.enum([
  /** A permanent e-mail failure (DSN 5.x.x, or 4.1.x for a mailbox or domain that is not there). */
  'hard-bounce',
  /** Temporary e-mail failures, over the threshold the tracker counts them against. */
  'soft-bounces',
  /** A number that is not a valid phone number where it claims to be (Twilio 21211). */
  'invalid-number',
  /** A number the carriers say is unknown or no longer in service (Twilio 30005). */
  'unreachable-number',
  /** Not a mobile number, or a landline: it cannot take texts (Twilio 21614, 30006). */
  'landline',
  /**
   * The destination refuses our messages (reported by the bank or an agent). Not raised from
   * Twilio's 30004, whose causes include one sender's opt-out and carrier filtering. Temporary:
   * it lapses after the policy's days (see the rules' unreachable lapse).
   */
  'blocked',
  /** A letter came back undelivered (moved, unknown at the address, refused). */
  'returned-mail',
  /** The person who answers is not the customer ("wrong number"). */
  'wrong-party',
  /** The number now belongs to someone else (a reassigned-numbers check). */
  'reassigned',
]);
export type UnreachableReason = z.infer<typeof UnreachableReason>;

/** Who found out: a Kindly service from a provider's answer, the bank, or a person. */
export const UnreachableSource = z.enum([
  'tracker',
  'dispatcher',
  'bank',
  'agent',
  'reassigned-numbers',
]);
export type UnreachableSource = z.infer<typeof UnreachableSource>;

const common = {
  accountId: AccountId,
  reason: UnreachableReason,
  source: UnreachableSource,
  at: UtcDateTime.describe('When it was found that the address cannot be reached'),
  evidenceRef: Reference.optional().describe(
    'Where the proof is kept, e.g. twilio-sms:<sid>, dsn:<id>, delivery-outcome:<eventId>',
  ),
  errorCode: z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,64}$/, 'expected a provider error code')
    .optional()
    .describe('The provider’s code, e.g. Twilio 21614 or SMTP 5.1.1'),
};

/**
 * From Kindly's tracker or dispatcher (a provider's answer), or from the bank: one contact point
 * of an account cannot be reached. A delivery fact, not a consent change: nothing is sent to that
 * address on that channel until a `contact.updated` that no longer lists it (a new address) clears
 * it. Per address, as consent is: a bad mobile number says nothing about another.
 */
export const ContactUnreachableV1Payload = z.discriminatedUnion('channel', [
  z.strictObject({ ...common, channel: z.enum(['sms', 'voice']), address: PhoneNumber }),
  z.strictObject({ ...common, channel: z.literal('email'), address: EmailAddress }),
  z.strictObject({ ...common, channel: z.literal('letter'), address: z.literal('postal') }),
]);
export type ContactUnreachableV1Payload = z.infer<typeof ContactUnreachableV1Payload>;

export const ContactUnreachableV1 = eventSchema(
  'contact.unreachable',
  1,
  ContactUnreachableV1Payload,
);
export type ContactUnreachableV1 = z.infer<typeof ContactUnreachableV1>;
