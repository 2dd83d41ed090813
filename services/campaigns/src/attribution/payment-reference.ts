/**
 * The signed reference a campaign message's payment link ends with: `<key id>.<message
 * reference>.<MAC>`, e.g. `k1.KD3F2B8C1E9A.Q7…` (42 characters with a two-character key id),
 * short enough for an SMS link. The middle part is the short reference the customer already sees
 * in the message (`KD` and ten hex digits of the message id); nothing in the token names the
 * account, which a message must not show. No hyphens (the key id has none, the MAC is base32 of
 * RFC 4648, upper case, unpadded): a letter's line breaks at a hyphen, and the reader would take
 * it for a word break. Verification is exact (case included): the link is followed, or typed
 * from a letter, as printed.
 *
 * The MAC (HMAC-SHA-256, truncated to 128 bits: RFC 2104 §5 advises at least half the hash) covers
 * the key id and the message's full identity: message id, campaign, variant, tenant and account.
 * Those are not in the token; the verifier brings the candidates (the paying account's campaign
 * messages) and the token verifies against the one it was made for, or none. So a link forwarded
 * to pay another account, or a reference made up from a message's printed short reference, is
 * refused. The key id lets keys rotate: sign with the newest, verify with every key still
 * accepted; a token whose key was retired is refused.
 *
 * A refusal carries a reason code only, never a piece of the token, so that logging a refusal
 * logs nothing the sender chose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { messageReferenceOf, SIGNED_PAYMENT_REFERENCE_PATTERN } from '@kindly/contracts';
import { AppError } from '@kindly/errors';
import { campaignMessageIdOf } from '@kindly/rules';
import { base32 } from 'rfc4648';

/** The message a reference stands for: what its MAC covers. */
export interface PaymentReferenceFields {
  readonly messageId: string;
  readonly campaignId: string;
  readonly variant: string;
  readonly tenantId: string;
  readonly accountId: string;
}

/** The campaign's one message to an account in a variant: what its link's reference stands for. */
export function referenceFieldsOf(
  tenantId: string,
  accountId: string,
  campaignId: string,
  variant: string,
): PaymentReferenceFields {
  const messageId = campaignMessageIdOf(tenantId, accountId, campaignId);
  return { messageId, campaignId, variant, tenantId, accountId };
}

/** A signing key from settings. `id` goes into every token; `secret` never leaves the service. */
export interface ReferenceKey {
  /** 1–8 of `A-Z a-z 0-9`, e.g. `2026q4`: every SMS link carries it, so it is short. */
  readonly id: string;
  /** At least 32 bytes: HMAC-SHA-256's own block of strength; shorter keys are guessable. */
  readonly secret: string;
}

/**
 * `malformed`: not a reference's shape; `unknown-key`: signed by a key not (or no longer)
 * accepted; `unknown-message`: none of the candidates has the token's message reference;
 * `bad-signature`: one has, and the MAC is not the one made for it.
 */
export type ReferenceRefusal = 'malformed' | 'unknown-key' | 'unknown-message' | 'bad-signature';

export type ReferenceVerification =
  | { readonly ok: true; readonly reference: PaymentReferenceFields; readonly keyId: string }
  | { readonly ok: false; readonly reason: ReferenceRefusal };

export type PaymentReferenceErrorCode = 'REFERENCE_KEY_INVALID';

const KEY_ID = /^[A-Za-z0-9]{1,8}$/;
const MIN_SECRET_BYTES = 32;
const MAC_BYTES = 16;
/** Domain separation: a secret reused for another HMAC (unsubscribe links) cannot forge these. */
const MAC_CONTEXT = 'kindly.payment-reference.v2\n';

function mac(secret: string, keyId: string, fields: PaymentReferenceFields): string {
  // A JSON array of strings is an unambiguous encoding: no two field lists give the same text.
  const message = JSON.stringify([
    keyId,
    fields.messageId,
    fields.campaignId,
    fields.variant,
    fields.tenantId,
    fields.accountId,
  ]);
  const digest = createHmac('sha256', secret).update(`${MAC_CONTEXT}${message}`).digest();
  return base32.stringify(digest.subarray(0, MAC_BYTES), { pad: false });
}

/** Whether a key may sign: the same rule the settings apply when they read the keys. */
export function isUsableReferenceKey(key: ReferenceKey): boolean {
  return KEY_ID.test(key.id) && Buffer.byteLength(key.secret) >= MIN_SECRET_BYTES;
}

/**
 * The token for the message's payment link.
 *
 * @throws AppError `REFERENCE_KEY_INVALID` for a malformed key id or a secret under 32 bytes.
 */
export function signReference(fields: PaymentReferenceFields, key: ReferenceKey): string {
  if (!isUsableReferenceKey(key)) {
    throw new AppError<PaymentReferenceErrorCode>(
      'REFERENCE_KEY_INVALID',
      'a payment-reference key needs an id of 1-8 letters and digits and a secret of 32+ bytes',
    );
  }
  return `${key.id}.${messageReferenceOf(fields.messageId)}.${mac(key.secret, key.id, fields)}`;
}

/**
 * Which of `candidates` (the paying account's campaign messages) `token` was signed for by one
 * of `keys`, or why none. Pure: the caller brings the candidates and decides when to ask (at the
 * payment, while the keys that signed it are still accepted).
 */
export function verifyReference(
  token: string,
  keys: readonly ReferenceKey[],
  candidates: readonly PaymentReferenceFields[],
): ReferenceVerification {
  const [, keyId, shortReference, givenMac] =
    (token.length <= 64 && SIGNED_PAYMENT_REFERENCE_PATTERN.exec(token)) || [];
  if (keyId === undefined || shortReference === undefined || givenMac === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  const key = keys.find((candidate) => candidate.id === keyId);
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  const named = candidates.filter((c) => messageReferenceOf(c.messageId) === shortReference);
  if (named.length === 0) return { ok: false, reason: 'unknown-message' };
  // Compared as text, not decoded bytes: the last of 26 characters carries 2 unused bits, and
  // decoding would let 4 different spellings of one MAC pass.
  const given = Buffer.from(givenMac, 'ascii');
  const signedFor = named.find((candidate) => {
    const expected = Buffer.from(mac(key.secret, keyId, candidate), 'ascii');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (signedFor === undefined) return { ok: false, reason: 'bad-signature' };
  return { ok: true, reference: signedFor, keyId };
}
