/**
 * The signed reference in a campaign message's payment link: `<key id>.<payload>.<mac>`, all
 * base64url, so it goes into a URL path or query unchanged. The payload names the message,
 * campaign, variant, tenant and account and when the link expires; the MAC is HMAC-SHA-256 over
 * the key id and payload, truncated to 128 bits (RFC 2104 §5 advises keeping at least half the
 * hash; 22 characters instead of 43 matter in an SMS). The key id lets keys rotate: sign with the
 * newest, verify with every key still accepted; a token whose key was retired is refused.
 *
 * Signed, not encrypted: whoever holds the link can decode the account id in it. Verification
 * checks the MAC before decoding anything, and a refusal carries a reason code only, never a
 * piece of the token, so that logging a refusal logs nothing the sender chose.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '@kindly/errors';
import type { DateTime } from 'luxon';
import {
  decodeReferenceFields,
  encodeReferenceFields,
  type ReferenceFields,
} from './payment-reference-codec.js';

export type PaymentReferenceFields = ReferenceFields;

/** A signing key from settings. `id` goes into every token; `secret` never leaves the service. */
export interface ReferenceKey {
  /** 1–16 of `A-Z a-z 0-9 _ -`, e.g. `2026q4`. */
  readonly id: string;
  /** At least 32 bytes: HMAC-SHA-256's own block of strength; shorter keys are guessable. */
  readonly secret: string;
}

export type ReferenceRefusal = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired';

export type ReferenceVerification =
  | { readonly ok: true; readonly reference: PaymentReferenceFields; readonly keyId: string }
  | { readonly ok: false; readonly reason: ReferenceRefusal };

export type PaymentReferenceErrorCode = 'REFERENCE_KEY_INVALID' | 'REFERENCE_FIELDS_INVALID';

const KEY_ID = /^[A-Za-z0-9_-]{1,16}$/;
const MIN_SECRET_BYTES = 32;
const MAC_BYTES = 16;
/** Far above any real token (about 110 characters); bounds the work a hostile string can cause. */
const MAX_TOKEN_LENGTH = 600;
const TOKEN = /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{8,560})\.([A-Za-z0-9_-]{22})$/;
/** Domain separation: a secret reused for another HMAC (unsubscribe links) cannot forge these. */
const MAC_CONTEXT = 'kindly.payment-reference.v1\n';

function mac(secret: string, keyId: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(`${MAC_CONTEXT}${keyId}.${payload}`)
    .digest()
    .subarray(0, MAC_BYTES)
    .toString('base64url');
}

/**
 * The token for a payment link.
 *
 * @throws AppError `REFERENCE_KEY_INVALID` for a malformed key id or a secret under 32 bytes, and
 *   `REFERENCE_FIELDS_INVALID` for an empty or over-long identifier or an expiry outside
 *   1970–2106 (the details name the field, not its value).
 */
export function signReference(fields: PaymentReferenceFields, key: ReferenceKey): string {
  if (!KEY_ID.test(key.id) || Buffer.byteLength(key.secret) < MIN_SECRET_BYTES) {
    throw new AppError<PaymentReferenceErrorCode>(
      'REFERENCE_KEY_INVALID',
      'a payment-reference key needs an id of 1-16 URL-safe characters and a secret of 32+ bytes',
    );
  }
  const encoded = encodeReferenceFields(fields);
  if (!Buffer.isBuffer(encoded)) {
    throw new AppError<PaymentReferenceErrorCode>(
      'REFERENCE_FIELDS_INVALID',
      'a payment reference cannot carry these fields',
      { details: 'field' in encoded ? { ...encoded } : { problem: encoded.problem } },
    );
  }
  const payload = encoded.toString('base64url');
  return `${key.id}.${payload}.${mac(key.secret, key.id, payload)}`;
}

/**
 * The reference's fields when `token` was signed by one of `keys` and has not expired at `now`
 * (a token is refused from its expiry instant on), or the reason it is refused.
 */
export function verifyReference(
  token: string,
  keys: readonly ReferenceKey[],
  now: DateTime,
): ReferenceVerification {
  const parts = token.length <= MAX_TOKEN_LENGTH ? TOKEN.exec(token) : null;
  const [, keyId, payload, givenMac] = parts ?? [];
  if (keyId === undefined || payload === undefined || givenMac === undefined) {
    return { ok: false, reason: 'malformed' };
  }
  const key = keys.find((candidate) => candidate.id === keyId);
  if (key === undefined) return { ok: false, reason: 'unknown-key' };
  // Compared as the base64url text, not decoded bytes: the last of 22 characters carries 4
  // unused bits, and decoding would let 16 different spellings of one MAC pass.
  const expected = Buffer.from(mac(key.secret, keyId, payload), 'ascii');
  const given = Buffer.from(givenMac, 'ascii');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const reference = decodeReferenceFields(Buffer.from(payload, 'base64url'));
  if (reference === undefined) return { ok: false, reason: 'malformed' };
  if (now.toMillis() >= Date.parse(reference.expiresAt)) return { ok: false, reason: 'expired' };
  return { ok: true, reference, keyId };
}
