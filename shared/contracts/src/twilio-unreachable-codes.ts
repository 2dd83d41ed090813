/**
 * Twilio's error codes that say a number cannot be reached, each with the `contact.unreachable`
 * reason it gives: one table, read by the dispatcher (the create-message call's synchronous
 * refusals) and by the tracker (the status callbacks' `ErrorCode`), so that both agree.
 *
 * Sources: Twilio's error dictionary, https://www.twilio.com/docs/api/errors/<code>, read for
 * each code below (30005's and 30007's meaning as the dictionary's titles give them, quoted in
 * https://waytohealth.atlassian.net/wiki/spaces/WTHST/pages/140804097; 30004's page read in its
 * es-mx copy, https://www.twilio.com/es-mx/docs/api/errors/30004):
 * - 21211 Invalid 'To' Phone Number: https://www.twilio.com/docs/api/errors/21211 ("not a valid
 *   phone number or is incorrectly formatted"; Twilio also answers it for a short code or an
 *   alphanumeric sender id as `To`).
 * - 21614 'To' number is not a valid mobile number: https://www.twilio.com/docs/api/errors/21614
 *   ("likely … a landline number or … an invalid number").
 * - 21635 'To' number cannot be a landline: https://www.twilio.com/docs/api/errors/21635
 * - 30005 Unknown destination handset: https://www.twilio.com/docs/api/errors/30005 (the number
 *   is unknown, inactive or no longer in service).
 * - 30006 Landline or unreachable carrier: https://www.twilio.com/docs/api/errors/30006 ("the
 *   destination number cannot receive your message … a landline"; "do not retry the same SMS").
 *
 * Not in the table, on purpose:
 * - 30004 Message blocked: https://www.twilio.com/docs/api/errors/30004. Its causes are not facts
 *   about the number: an earlier opt-out from this sender or Messaging Service, carrier
 *   filtering, a device that is unavailable. Marking the number would bar it at every tenant
 *   (the tracker marks every account with the number) for what may be one sender's opt-out or
 *   one carrier's filter. The message fails (final, as Twilio's failed status is); nothing is
 *   marked.
 * - 21610 (the recipient replied STOP to our sender): a withdrawal of consent, not an address
 *   fact; the dispatcher publishes a revoked `contact.consent` for it, as before.
 * - 30007 Message filtered (carrier filtering of the content or sender): about the message, not
 *   the number. https://www.twilio.com/docs/api/errors/30007
 * - 30003 Unreachable destination handset (off, no signal): temporary, retried.
 *   https://www.twilio.com/docs/api/errors/30003
 * - 30008 Unknown error, 30001 queue overflow, 30009 missing segment: retried.
 * - 21612 (this `To` and `From` cannot be connected): about the route from our sender, not the
 *   number.
 */
import type { UnreachableReason } from './events/contact-unreachable.v1.js';

/** Each Twilio code that makes a number unreachable for texts, with its reason. */
export const TWILIO_UNREACHABLE_CODES: Readonly<Record<string, UnreachableReason>> = {
  '21211': 'invalid-number',
  '21614': 'landline',
  '21635': 'landline',
  '30005': 'unreachable-number',
  '30006': 'landline',
};

/** The reason a Twilio error code gives for marking the number unreachable; none for others. */
export function twilioUnreachableReason(
  code: string | number | undefined,
): UnreachableReason | undefined {
  if (code === undefined) return undefined;
  const key = String(code).trim();
  return Object.hasOwn(TWILIO_UNREACHABLE_CODES, key) ? TWILIO_UNREACHABLE_CODES[key] : undefined;
}

/**
 * The channels a number's unreachable reason bars: only a number out of service (30005) can take
 * neither a text nor a call. 21211 (`invalid-number`) bars texts only: Twilio also answers it for
 * causes of our own making (`To` equal to our `From`, a short code as `To`), which say nothing
 * about calling the number. A landline, or a number that blocks texts, may still take a call.
 */
export function channelsBarredBy(reason: UnreachableReason): readonly ('sms' | 'voice')[] {
  return reason === 'unreachable-number' ? ['sms', 'voice'] : ['sms'];
}
