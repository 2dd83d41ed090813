/**
 * The `mailto:` unsubscribe every e-mail advertises (RFC 2369 List-Unsubscribe, after the https
 * one): `<mailto:unsubscribe@…?subject=unsubscribe <reference> <purpose>/<messageId>/<signature>>`.
 * The subject carries the same signed tail as the one-click link, so a mail to the address is
 * honoured by the very same use case as the link; a mail without a validly signed tail changes
 * nothing (anyone can write to the address).
 */
import type { DateTime } from 'luxon';
import { headerOf, parseEntity } from './mime-entity.js';
import {
  unsubscribe,
  type UnsubscribeDeps,
  type UnsubscribeLink,
  type UnsubscribeResult,
} from './unsubscribe.use-case.js';

/** `<purpose>/<messageId>/<signature>`, the signature 22 base64url characters (the renderer's). */
const SIGNED_TAIL =
  /(?:^|[\s:[(])(servicing|marketing)\/([A-Za-z0-9][A-Za-z0-9._-]{0,99})\/([A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/;

/** The signed tail in a mail's Subject (a reply may prefix `Re:`), if there is one. */
export function unsubscribeLinkOf(raw: string): UnsubscribeLink | undefined {
  // Cut at a line's length (RFC 5322: 998): anyone may write here, and ours is far shorter.
  const subject = (headerOf(parseEntity(raw).headers, 'subject') ?? '').slice(0, 998);
  const match = SIGNED_TAIL.exec(subject);
  if (!match) return undefined;
  const [, purpose = '', messageId = '', signature = ''] = match;
  return { purpose, messageId, signature };
}

export type MailtoUnsubscribeResult = UnsubscribeResult | { readonly kind: 'no-token' };

/**
 * A mail to the unsubscribe address: the one-click unsubscribe for the link its subject names.
 * `no-token`, `forbidden` (a signature that is not the renderer's) and `unknown-message` change
 * nothing; the entry points acknowledge them (a person wrote, and no answer would help) and
 * count them.
 */
export async function unsubscribeByMail(
  deps: UnsubscribeDeps,
  raw: string,
  now: DateTime,
): Promise<MailtoUnsubscribeResult> {
  const link = unsubscribeLinkOf(raw);
  if (!link) return { kind: 'no-token' };
  return unsubscribe(deps, link, now);
}
