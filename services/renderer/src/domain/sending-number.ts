/**
 * Which of the tenant's numbers a text goes out from (Twilio's From). The customer's reply
 * reaches that number, and the tracker gives a reply to the tenant whose number received it
 * (`smsNumbers` in senders.yaml, the one list both read), so a STOP applies to that tenant only.
 * Pure.
 *
 * With several numbers, one account always hears from the same one: the customer replies to the
 * number they know, and a carrier sees a steady sender per conversation (Twilio's "sticky
 * sender" does the same inside a Messaging Service). The choice is rendezvous hashing (the
 * number with the highest hash of tenant, account and number) rather than a hash modulo the list
 * length: it does not depend on the list's order, adding a number moves only the accounts that
 * now hash highest to it, and removing one moves only its own accounts.
 */
import { createHash } from 'node:crypto';
import type { SenderProfile } from './sender-profile.js';

/**
 * @returns one of the profile's `smsNumbers`, or undefined when it lists none (the dispatcher
 *   then sends from its configured number or Messaging Service) or when the profile is another
 *   tenant's (RENDERER_FALLBACK_SENDER): a reply to that tenant's number would be given to it.
 */
export function sendingNumberFor(
  profile: Pick<SenderProfile, 'tenantId' | 'smsNumbers'>,
  tenantId: string,
  accountId: string,
): string | undefined {
  if (profile.tenantId !== tenantId) return undefined;
  let best: { number: string; weight: string } | undefined;
  for (const number of profile.smsNumbers ?? []) {
    const weight = createHash('sha256')
      .update(`${tenantId}\n${accountId}\n${number}`)
      .digest('hex');
    if (best === undefined || weight > best.weight) best = { number, weight };
  }
  return best?.number;
}
