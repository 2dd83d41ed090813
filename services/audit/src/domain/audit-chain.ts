/**
 * An account's audit records form a hash chain. Each link hashes its place (tenant, account,
 * sequence number, the previous link's hash, when it was recorded) and the hash of its body (the
 * event as kept: personal data replaced by keyed hashes). Keeping the body's hash in the link
 * lets retention remove an expired body without breaking the chain: the link still verifies, and
 * the expiry is itself a later link.
 */
import { hashOf } from './canonical-hash.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * What a link hashes. `recordedAt` is the audit's own clock (UTC ISO, milliseconds); `type` is
 * the body's event type, kept in the link so that what a removed body was stays provable.
 */
export interface ChainLink {
  readonly tenantId: string;
  readonly accountId: string;
  readonly seq: number;
  readonly prevHash: string;
  readonly recordedAt: string;
  readonly type: string;
  readonly bodyHash: string;
}

export interface ChainedRecord<Body> extends ChainLink {
  readonly hash: string;
  /** Absent once retention removed it (`bodyHash` still proves what it was). */
  readonly body?: Body;
}

export function linkHash(link: ChainLink): string {
  return hashOf({
    tenantId: link.tenantId,
    accountId: link.accountId,
    seq: link.seq,
    prevHash: link.prevHash,
    recordedAt: link.recordedAt,
    type: link.type,
    bodyHash: link.bodyHash,
  });
}

/** The next link of a chain whose end is `previous` (undefined: the chain's first record). */
export function chainNext<Body extends { readonly type: string }>(
  key: { readonly tenantId: string; readonly accountId: string },
  body: Body,
  recordedAt: string,
  previous: { readonly seq: number; readonly hash: string } | undefined,
): ChainedRecord<Body> {
  const link: ChainLink = {
    tenantId: key.tenantId,
    accountId: key.accountId,
    seq: (previous?.seq ?? 0) + 1,
    prevHash: previous?.hash ?? GENESIS_HASH,
    recordedAt,
    type: body.type,
    bodyHash: hashOf(body),
  };
  return { ...link, hash: linkHash(link), body };
}

export type ChainBreak =
  | 'SEQUENCE_GAP'
  | 'PREVIOUS_HASH_MISMATCH'
  | 'LINK_HASH_MISMATCH'
  | 'BODY_HASH_MISMATCH'
  | 'BODY_MISSING';

export interface BrokenLink {
  readonly tenantId: string;
  readonly accountId: string;
  /** The sequence number found where the chain broke (or expected, for a gap). */
  readonly seq: number;
  readonly reason: ChainBreak;
}

/**
 * Walks one account's chain, read in sequence order, and names its first broken link. A record
 * without a body passes only when `bodyMayBeAbsent` says retention removed it.
 */
export class ChainWalker {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  broken: BrokenLink | undefined;

  constructor(
    private readonly bodyMayBeAbsent: (record: ChainedRecord<unknown>) => boolean = () => false,
  ) {}

  /** Feeds the next record; false once the chain is broken (later records are not judged). */
  next(record: ChainedRecord<unknown>): boolean {
    if (this.broken) return false;
    const fail = (reason: ChainBreak, seq = record.seq) => {
      this.broken = { tenantId: record.tenantId, accountId: record.accountId, seq, reason };
      return false;
    };
    if (record.seq !== this.expectedSeq) return fail('SEQUENCE_GAP', this.expectedSeq);
    if (record.prevHash !== this.previousHash) return fail('PREVIOUS_HASH_MISMATCH');
    if (linkHash(record) !== record.hash) return fail('LINK_HASH_MISMATCH');
    if (record.body === undefined) {
      if (!this.bodyMayBeAbsent(record)) return fail('BODY_MISSING');
    } else if (hashOf(record.body) !== record.bodyHash) {
      return fail('BODY_HASH_MISMATCH');
    } else if ((record.body as { type?: unknown }).type !== record.type) {
      return fail('BODY_HASH_MISMATCH');
    }
    this.expectedSeq += 1;
    this.previousHash = record.hash;
    return true;
  }

  /** The chain's end as verified so far. */
  get end(): { readonly seq: number; readonly hash: string } {
    return { seq: this.expectedSeq - 1, hash: this.previousHash };
  }
}
