import { randomBytes } from 'node:crypto';

/** A Twilio SID: two letters naming the resource type (SM for a message) and 32 hex digits. */
export function newSid(prefix: 'SM' | 'MM' | 'AC' | 'MG'): string {
  return prefix + randomBytes(16).toString('hex');
}

/** Twilio's date format in REST responses: RFC 2822 in UTC, e.g. `Thu, 30 Jul 2015 20:12:31 +0000`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
