/**
 * The audit record of one send, and its place in the account's hash chain: each record carries
 * the previous record's hash and its own, so that a removed, reordered or edited record breaks
 * the chain where it happened. The hash is SHA-256 over the record's fields in a canonical JSON
 * (keys sorted at every level), the `hash` field itself left out. The first record of an
 * account has `prevHash` of 64 zeros.
 */
import { createHash } from 'node:crypto';
import type { MessageChannel, Purpose } from '@kindly/contracts';
import type { StoredAddress } from './address-masking.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The consent a send stood on, as the account's consent record for that address and purpose. */
export interface ConsentBasisRecord {
  readonly basis: string;
  readonly source: string;
  /** When it was given. */
  readonly at: string;
  readonly evidenceRef?: string;
}

/** What is known of a send when it is recorded; the chain fields come from the store. */
export interface AuditEntry {
  readonly kind: 'send';
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly channel: MessageChannel;
  readonly purpose: Purpose;
  readonly campaignId?: string;
  readonly templateId: string;
  readonly templateVersion: string;
  readonly contentHash: string;
  readonly address: StoredAddress;
  /** Null when the account has no consent record for the address and purpose (e.g. letters). */
  readonly consentBasis: ConsentBasisRecord | null;
  /** The plan's reasons, as outreach.rendered carried them. */
  readonly reasons: readonly string[];
  /** ISO-8601 UTC, e.g. 2026-03-04T14:00:00Z. */
  readonly sentAtUtc: string;
  /** The same instant in the customer's zone, with its offset, e.g. 2026-03-04T09:00:00-05:00. */
  readonly sentAtLocal: string;
  readonly timeZone: string;
  readonly provider: string;
  readonly providerMessageId: string;
}

export interface ChainedAuditRecord extends AuditEntry {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export function chainAuditRecord(
  entry: AuditEntry,
  previous: { readonly seq: number; readonly hash: string } | undefined,
): ChainedAuditRecord {
  const unhashed = {
    ...entry,
    seq: (previous?.seq ?? 0) + 1,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: auditHash(unhashed) };
}

export function auditHash(record: Omit<ChainedAuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalJson(record)).digest('hex');
}

/**
 * Checks a chain read in `seq` order: the index of the first broken record, or -1 when every
 * record's hash is its own and points at the one before.
 */
export function firstBrokenLink(records: readonly ChainedAuditRecord[]): number {
  let previousHash = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    const { hash, ...rest } = record;
    if (record.seq !== index + 1 || record.prevHash !== previousHash) return index;
    if (auditHash(rest) !== hash) return index;
    previousHash = hash;
  }
  return -1;
}

/** JSON with keys sorted at every level and no `undefined` members. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
