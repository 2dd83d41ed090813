import { createHmac } from 'node:crypto';
import type { UnsubscribeTarget } from '../domain/render-outreach.use-case.js';

/**
 * One-click unsubscribe URIs (RFC 8058): `<base>/<purpose>/<messageId>/<signature>`. The message
 * id tells the endpoint whose and which list; the HMAC stops anyone from unsubscribing others by
 * guessing ids. No personal data in the URI, and no cookie or login needed to use it.
 */
export function createUnsubscribeLinks(secret: string): (target: UnsubscribeTarget) => string {
  return (target) => {
    const signature = createHmac('sha256', secret)
      .update([target.tenantId, target.accountId, target.messageId, target.purpose].join('\n'))
      .digest('base64url')
      .slice(0, 22);
    return `${target.urlBase.replace(/\/$/, '')}/${target.purpose}/${target.messageId}/${signature}`;
  };
}
