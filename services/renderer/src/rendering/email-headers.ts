/**
 * The unsubscribe headers of an e-mail. `List-Unsubscribe` on every message (an https URI first,
 * then a mailto); RFC 8058 `List-Unsubscribe-Post: List-Unsubscribe=One-Click` on marketing, so
 * that mailbox providers offer the one-click button (Gmail and Yahoo require it of bulk senders).
 * One line each: a folded header can break the DKIM signature that must cover both.
 */
import type { Purpose } from '@kindly/contracts';

export function unsubscribeHeaders(
  purpose: Purpose,
  url: string,
  mailto: string,
  reference: string,
): Record<string, string> {
  const subject = encodeURIComponent(`unsubscribe ${reference}`);
  const headers: Record<string, string> = {
    'List-Unsubscribe': `<${url}>, <mailto:${mailto}?subject=${subject}>`,
  };
  if (purpose === 'marketing') headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  return headers;
}
