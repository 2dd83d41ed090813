/**
 * E-mail consent withdrawn for one address on the accounts that have it, written with the
 * address as each account stores it (its case may differ from the one the customer used):
 * shared by the one-click unsubscribe and the spam complaint.
 */
import type { EventOf, Purpose } from '@kindly/contracts';
import type { KnownContact } from './ports.js';
import { revocationEvent, type Revocation } from './tracker-events.js';

export function emailRevocations(
  accounts: readonly KnownContact[],
  address: string,
  purpose: Purpose,
  revocation: Revocation,
): EventOf<'contact.consent'>[] {
  const wanted = address.toLowerCase();
  return accounts.flatMap((other) => {
    const stored = other.contact.emails.find((e) => e.address.toLowerCase() === wanted);
    return stored ? [revocationEvent(other, 'email', stored.address, purpose, revocation)] : [];
  });
}
