/**
 * The unsubscribe headers of an e-mail. `List-Unsubscribe` on every message (an https URI first,
 * then a mailto); RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click` on marketing, so
 * that mailbox providers offer the one-click button (Gmail and Yahoo require it of bulk senders).
 * One line each: a folded header can break the DKIM signature that must cover both.
 *
 * The mailto's subject ends with the https link's signed tail, `<purpose>/<messageId>/<signature>`
 * (unsubscribe-links.ts): the tracker reads it from the mail that comes to the address and
 * unsubscribes as the link would; a mail without it changes nothing.
 */
import type { Purpose } from '@kindly/contracts';

/** The last three path segments of the one-click URI: `<purpose>/<messageId>/<signature>`. */
export function signedTailOf(url: string): string {
  return new URL(url).pathname.split('/').slice(-3).join('/');
}

export function unsubscribeHeaders(
  purpose: Purpose,
  url: string,
  mailto: string,
  reference: string,
): Record<string, string> {
  const subject = encodeURIComponent(`unsubscribe ${reference} ${signedTailOf(url)}`);
  const headers: Record<string, string> = {
    'List-Unsubscribe': `<${url}>, <mailto:${mailto}?subject=${subject}>`,
  };
  if (purpose === 'marketing') headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}
