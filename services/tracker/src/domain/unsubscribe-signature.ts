/**
 * The one-click unsubscribe links' signature, as the renderer makes it
 * (services/renderer/src/rendering/unsubscribe-links.ts): HMAC-SHA256 over
 * `tenantId\naccountId\nmessageId\npurpose`, base64url, the first 22 characters (132 bits).
 * Both sides must agree byte for byte; the unit test pins the renderer's output.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface UnsubscribeTarget {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly purpose: string;
}

export function unsubscribeSignature(secret: string, target: UnsubscribeTarget): string {
  return createHmac('sha256', secret)
    .update([target.tenantId, target.accountId, target.messageId, target.purpose].join('\n'))
    .digest('base64url')
    .slice(0, 22);
}

/** Whether `signature` is the link's (compared in constant time). */
export function isValidUnsubscribeSignature(
  secret: string,
  target: UnsubscribeTarget,
  signature: string,
): boolean {
  const expected = Buffer.from(unsubscribeSignature(secret, target));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
