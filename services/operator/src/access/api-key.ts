/**
 * The operator API's keys: `kindly_<key id>_<secret>`, the secret 32 random bytes in base64url.
 * Only the key id and a SHA-256 of the secret are stored, so a copy of the database lets no one
 * call the API. A fast hash is right here, unlike for passwords: the secret is 256 random bits,
 * which no dictionary or brute force reaches, so a slow hash (scrypt, argon2) would only slow
 * every request. The key id lets a request's key be found by `_id` and named in the audit
 * without its secret.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY = /^kindly_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  readonly keyId: string;
  /** The whole key, shown once to whoever created it. */
  readonly key: string;
  /** What is stored. */
  readonly secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new key; `random` is for tests that need known keys (the demo's are fixed, too). */
export function issueKey(random: (bytes: number) => Buffer = randomBytes): IssuedKey {
  const keyId = random(8).toString('hex').slice(0, 12);
  const secret = random(32).toString('base64url');
  return { keyId, key: `kindly_${keyId}_${secret}`, secretHash: hashSecret(secret) };
}

/** The key id and secret of a well-formed key, or undefined. Never throws on hostile text. */
export function parseKey(text: string): { keyId: string; secret: string } | undefined {
  const match = text.length <= 80 ? KEY.exec(text) : null;
  if (!match) return undefined;
  return { keyId: match[1]!, secret: match[2]! };
}

/** Whether `secret` is the one `secretHash` was made from, in time that does not depend on it. */
export function secretMatches(secret: string, secretHash: string): boolean {
  const given = Buffer.from(hashSecret(secret), 'hex');
  const stored = Buffer.from(secretHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}
