/**
 * The one way the audit turns a value into a hash: JSON canonicalised per RFC 8785 (the JSON
 * Canonicalization Scheme: sorted keys, ECMAScript number and string forms), then SHA-256, in
 * lower-case hex. An examiner can recompute every hash with any JCS implementation.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('the value has no JSON form');
  return text;
}

export function sha256Hex(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function hashOf(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}
