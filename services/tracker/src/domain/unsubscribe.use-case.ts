import type { DateTime } from 'luxon';
import { Purpose } from '@kindly/contracts';
import { addressFor } from '@kindly/rules';
import type { ContactDirectory, DeliveryStore, TrackerEvents } from './ports.js';
import { emailRevocations } from './email-revocations.js';
import { isValidUnsubscribeSignature } from './unsubscribe-signature.js';
import { utcText } from './utc-text.js';

export interface UnsubscribeLink {
  readonly purpose: string;
  readonly messageId: string;
  readonly signature: string;
}

export interface UnsubscribeDeps {
  readonly deliveries: DeliveryStore;
  readonly directory: ContactDirectory;
  readonly events: TrackerEvents;
  readonly secret: string;
}

export type UnsubscribeVerdict =
  | { readonly kind: 'valid'; readonly purpose: Purpose }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'unknown-message' };

/**
 * Whether a link is one the renderer signed. The message must be known (the dispatcher's
 * `accepted` outcome names its tenant and account, which the signature covers); a link that is
 * not signed for them, or for another purpose, is forbidden.
 */
export async function checkUnsubscribeLink(
  deps: Pick<UnsubscribeDeps, 'deliveries' | 'secret'>,
  link: UnsubscribeLink,
): Promise<UnsubscribeVerdict> {
  const purpose = Purpose.safeParse(link.purpose);
  if (!purpose.success) return { kind: 'forbidden' };
  const record = await deps.deliveries.latestAttempt(link.messageId);
  if (!record) return { kind: 'unknown-message' };
  const target = {
    tenantId: record.tenantId,
    accountId: record.accountId,
    messageId: link.messageId,
    purpose: purpose.data,
  };
  return isValidUnsubscribeSignature(deps.secret, target, link.signature)
    ? { kind: 'valid', purpose: purpose.data }
    : { kind: 'forbidden' };
}

export type UnsubscribeResult =
  | UnsubscribeVerdict
  | { readonly kind: 'no-address' }
  | { readonly kind: 'unsubscribed'; readonly accounts: number };

/**
 * One-click unsubscribe (RFC 8058): withdraws e-mail consent for the link's purpose, for the
 * address the message went to (the planner's choice for the account, `addressFor('email', …)`),
 * on every account of the same bank with that address: the customer asked that this address get
 * no more of these e-mails from this bank. Clicking again publishes the same events.
 */
export async function unsubscribe(
  deps: UnsubscribeDeps,
  link: UnsubscribeLink,
  now: DateTime,
): Promise<UnsubscribeResult> {
  const verdict = await checkUnsubscribeLink(deps, link);
  if (verdict.kind !== 'valid') return verdict;
  const record = await deps.deliveries.latestAttempt(link.messageId);
  const known = record && (await deps.directory.contactOf(record.tenantId, record.accountId));
  const address = known && addressFor('email', known.contact);
  if (!record || !address) return { kind: 'no-address' };
  const accounts = await deps.directory.withEmail(address, record.tenantId);
  const at = utcText(now);
  const events = emailRevocations(accounts, address, verdict.purpose, {
    source: 'email-unsubscribe',
    basis: 'customer-request',
    cause: `unsubscribe:${link.messageId}`,
    evidenceRef: `unsubscribe:${link.messageId}`,
    at,
    correlationId: record.correlationId,
    causationId: record.causationId,
  });
  await deps.events.publishConsents(events);
  return { kind: 'unsubscribed', accounts: events.length };
}
