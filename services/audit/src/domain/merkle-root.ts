/**
 * The Merkle tree hash of a list of record hashes, as RFC 6962 (Certificate Transparency, §2.1)
 * defines it: leaves and inner nodes hashed with different one-byte prefixes, so that no inner
 * node can pass for a leaf; the split at the largest power of two below the count. The empty
 * list's root is the hash of nothing.
 *
 * Built as the leaves stream by: a stack of the roots of complete subtrees (at most one per
 * height, so log2(n) hashes in memory), merged whenever two of a height meet. The root is the
 * stack folded from the right, which is the RFC's tree for any count.
 */
import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

const node = (left: Buffer, right: Buffer) =>
  createHash('sha256').update(NODE).update(left).update(right).digest();

export class MerkleTreeHash {
  private readonly stack: { height: number; hash: Buffer }[] = [];
  private leaves = 0;

  add(leafHashHex: string): void {
    let entry = {
      height: 0,
      hash: createHash('sha256').update(LEAF).update(Buffer.from(leafHashHex, 'hex')).digest(),
    };
    this.leaves += 1;
    while (this.stack.at(-1)?.height === entry.height) {
      const left = this.stack.pop()!;
      entry = { height: entry.height + 1, hash: node(left.hash, entry.hash) };
    }
    this.stack.push(entry);
  }

  get count(): number {
    return this.leaves;
  }

  root(): string {
    if (this.stack.length === 0) return createHash('sha256').digest('hex');
    let hash = this.stack.at(-1)!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) hash = node(this.stack[i]!.hash, hash);
    return hash.toString('hex');
  }
}

export function merkleRoot(leafHashesHex: Iterable<string>): string {
  const tree = new MerkleTreeHash();
  for (const hex of leafHashesHex) tree.add(hex);
  return tree.root();
}
