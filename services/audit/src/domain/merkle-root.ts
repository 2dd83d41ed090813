/**
 * A Merkle tree hash over a list of record hashes, as RFC 6962 (Certificate Transparency, §2.1)
 * defines it: leaves and inner nodes hashed with different one-byte prefixes, so that no inner
 * node can pass for a leaf; the split at the largest power of two below the count. The empty
 * list's root is the hash of nothing.
 */
import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

export function merkleRoot(leafHashesHex: readonly string[]): string {
  if (leafHashesHex.length === 0) return createHash('sha256').digest('hex');
  let level: Buffer[] = leafHashesHex.map((hex) =>
    createHash('sha256').update(LEAF).update(Buffer.from(hex, 'hex')).digest(),
  );
  // Bottom-up pairing gives RFC 6962's tree: an odd node at the end is carried up unchanged,
  // which is the same as splitting at the largest power of two from the top.
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(
        right === undefined
          ? level[i]!
          : createHash('sha256').update(NODE).update(level[i]!).update(right).digest(),
      );
    }
    level = next;
  }
  return level[0]!.toString('hex');
}
