import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkAnchorFile, signAnchorFile } from './anchor-file.js';
import { nextAnchor, type Anchor } from './anchors.js';

const keys = () =>
  generateKeyPairSync('ed25519', {
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });

const a1 = await nextAnchor(undefined, { start: 0, end: 3_600_000 }, ['aa'.repeat(32)]);
const a2 = await nextAnchor(a1, { start: 3_600_000, end: 7_200_000 }, []);
const anchors = (): Anchor[] => [a1, a2];

const store = (list: readonly Anchor[]) => new Map(list.map((a) => [a.seq, a]));

describe('the signed anchor file', () => {
  it('verifies against the store it was exported from', () => {
    const { privateKey, publicKey } = keys();
    const file = signAnchorFile(anchors(), privateKey, '2026-12-06T10:00:00.000Z');
    expect(checkAnchorFile(file, store(anchors()), publicKey)).toEqual([]);
  });

  it('shows the last anchor removed from the store, or one changed there', () => {
    const { privateKey } = keys();
    const file = signAnchorFile(anchors(), privateKey, '2026-12-06T10:00:00.000Z');
    expect(checkAnchorFile(file, store(anchors().slice(0, 1)))).toEqual([
      { kind: 'ANCHOR_MISSING_FROM_STORE', seq: 2 },
    ]);
    const [first, second] = anchors();
    expect(checkAnchorFile(file, store([first!, { ...second!, hash: 'ff'.repeat(32) }]))).toEqual([
      { kind: 'ANCHOR_CHANGED_IN_STORE', seq: 2 },
    ]);
  });

  it('shows an edited file, and a file signed by another key', () => {
    const { privateKey } = keys();
    const file = signAnchorFile(anchors(), privateKey, '2026-12-06T10:00:00.000Z');
    const edited = { ...file, anchors: file.anchors.slice(0, 1) };
    expect(checkAnchorFile(edited, store(anchors()))).toEqual([{ kind: 'BAD_SIGNATURE' }]);
    expect(checkAnchorFile(file, store(anchors()), keys().publicKey)).toEqual([
      { kind: 'UNTRUSTED_KEY' },
    ]);
  });
});
