/**
 * What an auditor asks of the audit: an account's or an address's records, in a UTC or local
 * date range, narrowed by channel, event type, template, campaign, delivery status or rule
 * (a suppression's reason or a plan's). An address is never stored or sent to the store in
 * clear: the query carries its keyed hash.
 */
import { DateTime } from 'luxon';
import type { AuditBody } from './audit-body.js';
import { kindOfChannel, type AddressKeyer } from './address-keys.js';

export interface AuditQuery {
  readonly tenantId?: string;
  readonly accountId?: string;
  readonly addressKey?: string;
  /** Occurred at or after (UTC ISO). */
  readonly from?: string;
  /** Occurred before (UTC ISO). */
  readonly to?: string;
  readonly channel?: string;
  readonly type?: string;
  readonly templateId?: string;
  readonly campaignId?: string;
  readonly status?: string;
  readonly rule?: string;
  /** At most this many records; 0: every record (an export). */
  readonly limit: number;
}

export interface FoundRecord {
  readonly tenantId: string;
  readonly accountId: string;
  readonly seq: number;
  readonly recordedAt: string;
  readonly prevHash: string;
  readonly bodyHash: string;
  readonly hash: string;
  readonly body?: AuditBody;
}

export interface AuditSearch {
  find(query: AuditQuery): AsyncIterable<FoundRecord>;
}

/** The key to look an address up by: a phone number, an e-mail address. */
export function addressQueryKey(key: AddressKeyer, address: string): string {
  return address.includes('@') ? key('email', address) : key(kindOfChannel('sms')!, address);
}

/** The key to look a customer up by: their name as the bank's contact record gives it. */
export function customerQueryKey(key: AddressKeyer, fullName: string): string {
  return key('name', fullName.replace(/\s+/g, ' '));
}

/** A local date range (whole days in a zone) as the UTC instants the store filters on. */
export function localDayRange(
  fromDate: string,
  toDate: string,
  zone: string,
): { from: string; to: string } {
  const from = DateTime.fromISO(fromDate, { zone }).startOf('day');
  const to = DateTime.fromISO(toDate, { zone }).plus({ days: 1 }).startOf('day');
  if (!from.isValid || !to.isValid)
    throw new Error('expected dates as YYYY-MM-DD and an IANA zone');
  return { from: from.toUTC().toISO(), to: to.toUTC().toISO() };
}
