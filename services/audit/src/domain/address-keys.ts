/**
 * Personal data in the audit is a keyed hash, never the clear value: `ah:` and the HMAC-SHA-256
 * of the kind and the normalised value under the audit's address key. Whoever holds the key and
 * an address can find its records (a query by address computes the same key); the stored key
 * alone gives nothing away. A phone number has one key whether it was texted or called.
 */
import { createHmac } from 'node:crypto';
import { postalAddressText, type PostalAddress } from '@kindly/contracts';

export type AddressKind = 'phone' | 'email' | 'postal' | 'name';

export type AddressKeyer = (kind: AddressKind, value: string) => string;

export function addressKeyer(secret: string): AddressKeyer {
  return (kind, value) =>
    `ah:${createHmac('sha256', secret)
      .update(`${kind}:${normalise(kind, value)}`)
      .digest('hex')}`;
}

function normalise(kind: AddressKind, value: string): string {
  const trimmed = value.trim().normalize('NFC');
  return kind === 'email' || kind === 'name' ? trimmed.toLowerCase() : trimmed;
}

/** The kind of address a channel sends to. */
export function kindOfChannel(channel: string): AddressKind | undefined {
  switch (channel) {
    case 'sms':
    case 'voice':
    case 'agent-call':
      return 'phone';
    case 'email':
      return 'email';
    case 'letter':
      return 'postal';
    default:
      return undefined;
  }
}

export function postalKey(key: AddressKeyer, address: PostalAddress): string {
  return key('postal', postalAddressText(address));
}
