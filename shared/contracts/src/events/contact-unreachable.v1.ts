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

/**
 * `unreachable` (the default when absent) or `reachable`: the bank or an agent confirming that a
 * marked address works after all (the mailbox was fixed, the number is the customer's). Chosen
 * over a separate clearing event: one topic and one fold, the newest report per channel and
 * address wins (ties by event id) as for every other fact, so a `reachable` clears the marks
 * before it and a mark after it bars again, with no second contract to order against this one.
 * A `reachable` report still names a reason: the one it answers.
 */
export const Reachability = z.enum(['unreachable', 'reachable']);
export type Reachability = z.infer<typeof Reachability>;

/**
 * Reasons that are states of an address, not facts about it (a mailbox over quota for weeks, a
 * refusal that may be lifted): a mark for one of them bars the address for
 * TEMPORARY_UNREACHABLE_DAYS after its `at`, then lapses; the planner and the audit both judge it
 * at the instant they judge a send. Part of what the event means, so it lives with the contract.
 */
export const TEMPORARY_UNREACHABLE_REASONS: readonly UnreachableReason[] = [
  'soft-bounces',
  'blocked',
];

/**
 * How long a temporary mark bars its address: 30 days, the tracker's soft-bounce window, so an
 * address is tried again once its bounces have aged out of the count (three more make it again).
 */
export const TEMPORARY_UNREACHABLE_DAYS = 30;

const common = {
  accountId: AccountId,
  status: Reachability.optional().describe(
    'unreachable (absent: the same) or reachable: a marked address confirmed to work; the newest per channel and address wins',
  ),
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
 * address on that channel until a `contact.updated` that no longer lists it (a new address), or a
 * later report of it with `status: 'reachable'`, clears it; a mark for a temporary reason
 * (TEMPORARY_UNREACHABLE_REASONS) also lapses on its own. Per address, as consent is: a bad
 * mobile number says nothing about another.
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
