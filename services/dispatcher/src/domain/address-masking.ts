/**
 * How an address is kept in the audit: an HMAC (SHA-256, keyed by a secret setting) that proves
 * which address it was to whoever holds the secret and the address, and a masked form a person
 * can recognise (`+1212*****23`, `j***@example.com`) that gives nothing away on its own.
 */
import { createHmac } from 'node:crypto';
import type { MessageChannel } from '@kindly/contracts';

export interface StoredAddress {
  readonly hmac: string;
  readonly masked: string;
}

export function protectAddress(
  channel: MessageChannel,
  address: string,
  secret: string,
): StoredAddress {
  const normalised = channel === 'email' ? address.trim().toLowerCase() : address.trim();
  return {
    hmac: createHmac('sha256', secret).update(`${channel}:${normalised}`).digest('hex'),
    masked: maskAddress(channel, normalised),
  };
}

export function maskAddress(channel: MessageChannel, address: string): string {
  switch (channel) {
    case 'sms':
      return maskPhone(address);
    case 'email':
      return maskEmail(address);
    case 'letter':
      return maskPostal(address);
  }
}

/** E.164: the `+`, the first four digits (country and area) and the last two stay. */
export function maskPhone(number: string): string {
  const digits = number.replace(/^\+/, '');
  if (digits.length <= 6) return `+${'*'.repeat(digits.length)}`;
  const head = digits.slice(0, 4);
  const tail = digits.slice(-2);
  return `+${head}${'*'.repeat(digits.length - 6)}${tail}`;
}

/** The first letter of the local part and the whole domain (the domain says little about a person). */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

/**
 * A postal address, given as `country|postal code|city|lines…` (`postalAddressText` in
 * @kindly/contracts), is kept as its country and the first two characters of its postal code.
 */
export function maskPostal(summary: string): string {
  const [country = '', postalCode = ''] = summary.split('|');
  return `${country} ${postalCode.slice(0, 2)}***`.trim();
}
