import { createHash, randomUUID } from 'node:crypto';

/**
 * Kindly's own UUID namespace (RFC 9562 §5.5). Fixed forever: changing it changes every
 * deterministic id, and with them every idempotency key already stored.
 */
export const KINDLY_ID_NAMESPACE = 'c81d176c-ca65-4886-be3b-41dab3270258';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A name-based UUID, version 5: SHA-1 over the namespace's 16 bytes and the name. Any UUIDv5
 * library gives the same result for the same namespace and bytes, so other teams can reproduce
 * Kindly's ids. SHA-1's weakness does not matter here: the ids name facts, they protect nothing.
 */
export function uuidV5(namespace: string, name: Uint8Array): string {
  if (!UUID_PATTERN.test(namespace)) throw new RangeError(`not a UUID: ${namespace}`);
  const digest = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  const bytes = digest.subarray(0, 16);
  // Version 5 in the high nibble of byte 6, the RFC variant (10xx) in byte 8.
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Each part as `<UTF-8 byte length>:<part>`, concatenated. Plain joining with a separator would
 * let ('a', 'bc') and ('ab', 'c') collide, or a separator inside a part shift the boundaries.
 */
function encodeParts(parts: readonly string[]): Buffer {
  return Buffer.concat(
    parts.flatMap((part) => {
      const bytes = Buffer.from(part, 'utf8');
      return [Buffer.from(`${bytes.length}:`, 'ascii'), bytes];
    }),
  );
}

/**
 * The id of a fact: the same parts always give the same UUID (version 5, in Kindly's namespace),
 * different parts a different one. Use it wherever a redelivered or replayed event must produce
 * the same record, e.g. `deterministicId('message', accountId, cycleId, String(stage), channel)`.
 * Start with a kind label, so that ids of different kinds built from the same facts differ.
 *
 * @throws RangeError when no part is given: an id of nothing is the same for everything.
 */
export function deterministicId(...parts: string[]): string {
  if (parts.length === 0) throw new RangeError('deterministicId needs at least one part');
  return uuidV5(KINDLY_ID_NAMESPACE, encodeParts(parts));
}

/**
 * The short reference a customer quotes when paying or calling (`KD` and ten hex digits of the
 * message id, upper case), printed in messages and at the start of a campaign's signed payment
 * reference. Forty bits: enough to find a message among an account's few, not unique at scale,
 * so whoever looks a message up by it narrows by account (and a signed reference's MAC decides).
 */
export function messageReferenceOf(messageId: string): string {
  return `KD${messageId.replace(/-/g, '').slice(0, 10).toUpperCase()}`;
}

/** A message's short reference (see `messageReferenceOf`), the whole text. */
export const MESSAGE_REFERENCE_PATTERN = /^KD[0-9A-F]{10}$/;

/**
 * A campaign message's signed payment reference, `<key id>.<short reference>.<MAC>` (the
 * campaigns service's payment-reference.ts signs and verifies it; the tracker reads the short
 * reference out of a followed link): groups 1 key id, 2 short reference, 3 MAC (base32, 26).
 */
export const SIGNED_PAYMENT_REFERENCE_PATTERN =
  /^([A-Za-z0-9]{1,8})\.(KD[0-9A-F]{10})\.([A-Z2-7]{26})$/;

/**
 * A payment link's click route (a sender profile's `payment.tracking.linkBase`): `https://`, a
 * host of letters, digits, dots and hyphens, and one or more path segments of letters, digits,
 * `.`, `_` and `-`, none of them `.` or `..`; no port, query, fragment or trailing slash. All
 * GSM-7 (an SMS prints it), and what the tracker serves is the very path the renderer prints.
 */
export const TRACKED_LINK_BASE_PATTERN =
  /^https:\/\/[A-Za-z0-9.-]+(?:\/(?!\.{1,2}(?:\/|$))[A-Za-z0-9._-]+)+$/;

/** A fresh random id (UUID version 4) for an event that is not the replay of a fact. */
export function newEventId(): string {
  return randomUUID();
}
