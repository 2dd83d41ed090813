import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  EmailAddress,
  PhoneNumber,
  Purpose,
  Reference,
  UtcDateTime,
} from '../primitives.js';

/** The lawful ground a consent record stands on (TCPA, PECR, PIPL and GDPR need different ones). */
export const ConsentBasis = z.enum([
  'contract',
  'express-consent',
  'written-consent',
  'soft-opt-in',
  'legitimate-interest',
  'customer-request',
]);
export type ConsentBasis = z.infer<typeof ConsentBasis>;

/** Where the consent or its revocation was captured; an auditor asks for the evidence there. */
export const ConsentSource = z.enum([
  'branch',
  'web',
  'mobile-app',
  'phone-call',
  'written',
  'sms-reply',
  'email-unsubscribe',
  'agent',
  'provider',
]);
export type ConsentSource = z.infer<typeof ConsentSource>;

const common = {
  accountId: AccountId,
  purpose: Purpose,
  status: z.enum(['granted', 'revoked']),
  basis: ConsentBasis,
  source: ConsentSource,
  at: UtcDateTime.describe('When the customer gave or withdrew consent'),
  evidenceRef: Reference.optional().describe('Where the proof is kept (recording, form, message)'),
};

/**
 * From the bank, or from Kindly's tracker on a STOP or an unsubscribe: consent for one channel,
 * one address and one purpose was granted or revoked. Consent is per address: consent for one
 * mobile number says nothing about another.
 */
export const ContactConsentV1Payload = z.discriminatedUnion('channel', [
  z.strictObject({ ...common, channel: z.enum(['sms', 'voice']), address: PhoneNumber }),
  z.strictObject({ ...common, channel: z.literal('email'), address: EmailAddress }),
  z.strictObject({ ...common, channel: z.literal('letter'), address: z.literal('postal') }),
]);
export type ContactConsentV1Payload = z.infer<typeof ContactConsentV1Payload>;

export const ContactConsentV1 = eventSchema('contact.consent', 1, ContactConsentV1Payload);
export type ContactConsentV1 = z.infer<typeof ContactConsentV1>;
