/**
 * Anchors: per period, a Merkle root over every record recorded in it, each anchor chained to the
 * one before. A chain alone cannot show that its tail, or the whole chain, was deleted; the
 * anchor of the period does (its root and count no longer match the records). Periods are
 * consecutive and fixed (UTC, `periodMinutes` long), anchored whether or not they hold records,
 * so a deleted anchor leaves a gap in the anchors' own chain.
 *
 * A period is anchored only when it ended at least `graceMs` ago: a record is stamped with its
 * recording time just before it is written, and the grace covers that gap.
 */
import { hashOf } from './canonical-hash.js';
import { GENESIS_HASH } from './audit-chain.js';
import { MerkleTreeHash } from './merkle-root.js';

export interface Anchor {
  /** Consecutive from 1. */
  readonly seq: number;
  /** UTC ISO, inclusive. */
  readonly periodStart: string;
  /** UTC ISO, exclusive. */
  readonly periodEnd: string;
  readonly records: number;
  /**
   * RFC 6962 Merkle root over the period's record hashes, in the order the records were kept
   * (by their recording time, then their id).
   */
  readonly root: string;
  readonly prevHash: string;
  readonly hash: string;
}

export type UnhashedAnchor = Omit<Anchor, 'hash'>;

export function anchorHash(anchor: UnhashedAnchor): string {
  return hashOf({
    seq: anchor.seq,
    periodStart: anchor.periodStart,
    periodEnd: anchor.periodEnd,
    records: anchor.records,
    root: anchor.root,
    prevHash: anchor.prevHash,
  });
}

/** The period an instant falls in: fixed lengths from the Unix epoch, in UTC. */
export function periodOf(atMs: number, periodMinutes: number): { start: number; end: number } {
  const length = periodMinutes * 60_000;
  const start = Math.floor(atMs / length) * length;
  return { start, end: start + length };
}

/** A period's record hashes, streamed in the order they were kept (time, then id). */
export type PeriodHashes = AsyncIterable<string> | Iterable<string>;

/** The root and count of one period's records, built as they stream by (flat memory). */
export async function periodRoot(
  recordHashes: PeriodHashes,
): Promise<{ root: string; records: number }> {
  const tree = new MerkleTreeHash();
  for await (const hash of recordHashes) tree.add(hash);
  return { root: tree.root(), records: tree.count };
}

export async function nextAnchor(
  previous: Anchor | undefined,
  period: { readonly start: number; readonly end: number },
  recordHashes: PeriodHashes,
): Promise<Anchor> {
  const { root, records } = await periodRoot(recordHashes);
  const unhashed: UnhashedAnchor = {
    seq: (previous?.seq ?? 0) + 1,
    periodStart: new Date(period.start).toISOString(),
    periodEnd: new Date(period.end).toISOString(),
    records,
    root,
    prevHash: previous?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: anchorHash(unhashed) };
}

/**
 * The periods due for an anchor at `nowMs`: from the one after the last anchor (or the period of
 * the first record) up to the last that ended `graceMs` before now, at most `limit` of them.
 */
export function periodsDue(input: {
  readonly lastAnchor: Anchor | undefined;
  readonly firstRecordAtMs: number | undefined;
  readonly nowMs: number;
  readonly periodMinutes: number;
  readonly graceMs: number;
  readonly limit: number;
}): { start: number; end: number }[] {
  const length = input.periodMinutes * 60_000;
  let start: number;
  if (input.lastAnchor) start = Date.parse(input.lastAnchor.periodEnd);
  else if (input.firstRecordAtMs !== undefined)
    start = periodOf(input.firstRecordAtMs, input.periodMinutes).start;
  else return [];
  const due: { start: number; end: number }[] = [];
  while (start + length + input.graceMs <= input.nowMs && due.length < input.limit) {
    due.push({ start, end: start + length });
    start += length;
  }
  return due;
}

export type AnchorBreak =
  | 'ANCHOR_SEQUENCE_GAP'
  | 'ANCHOR_PREVIOUS_HASH_MISMATCH'
  | 'ANCHOR_HASH_MISMATCH'
  | 'ANCHOR_PERIOD_GAP'
  | 'ANCHOR_ROOT_MISMATCH'
  | 'ANCHOR_COUNT_MISMATCH';

export interface BrokenAnchor {
  readonly seq: number;
  readonly periodStart: string;
  readonly reason: AnchorBreak;
  /** For a root or count mismatch: how many records the period holds now. */
  readonly recordsFound?: number;
}

/**
 * Checks the anchors in order against the records found in each anchor's period. `recordsOf`
 * gives the hashes of the records recorded in a period, as the store holds them now.
 */
export async function verifyAnchors(
  anchors: AsyncIterable<Anchor> | Iterable<Anchor>,
  recordsOf: (period: { start: number; end: number }) => PeriodHashes,
): Promise<{ checked: number; broken: BrokenAnchor | undefined; last: Anchor | undefined }> {
  let previous: Anchor | undefined;
  let checked = 0;
  for await (const anchor of anchors) {
    const fail = (reason: AnchorBreak, recordsFound?: number) => ({
      checked,
      last: previous,
      broken: {
        seq: anchor.seq,
        periodStart: anchor.periodStart,
        reason,
        ...(recordsFound !== undefined ? { recordsFound } : {}),
      },
    });
    if (anchor.seq !== (previous?.seq ?? 0) + 1) return fail('ANCHOR_SEQUENCE_GAP');
    if (anchor.prevHash !== (previous?.hash ?? GENESIS_HASH))
      return fail('ANCHOR_PREVIOUS_HASH_MISMATCH');
    const { hash, ...unhashed } = anchor;
    if (anchorHash(unhashed) !== hash) return fail('ANCHOR_HASH_MISMATCH');
    if (previous && previous.periodEnd !== anchor.periodStart) return fail('ANCHOR_PERIOD_GAP');
    const { root, records } = await periodRoot(
      recordsOf({ start: Date.parse(anchor.periodStart), end: Date.parse(anchor.periodEnd) }),
    );
    if (records !== anchor.records) return fail('ANCHOR_COUNT_MISMATCH', records);
    if (root !== anchor.root) return fail('ANCHOR_ROOT_MISMATCH', records);
    previous = anchor;
    checked += 1;
  }
  return { checked, broken: undefined, last: previous };
}
