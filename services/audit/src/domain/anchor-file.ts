/**
 * Anchors exported for safekeeping outside the database: a file holding every anchor, signed with
 * Ed25519 over its canonical JSON (RFC 8785), with the public key beside the signature. Kept
 * where the database's administrators cannot write (a WORM bucket, an examiner's copy), it shows
 * later whether any anchor was edited or removed from the store, the last one included, which
 * the store alone cannot show.
 */
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from './canonical-hash.js';
import type { Anchor } from './anchors.js';

export const ANCHOR_FILE_FORMAT = 'kindly-audit-anchors/1';

export interface AnchorFile {
  readonly format: typeof ANCHOR_FILE_FORMAT;
  readonly exportedAt: string;
  readonly anchors: readonly Anchor[];
  readonly signature: {
    readonly algorithm: 'Ed25519';
    /** SPKI, PEM. */
    readonly publicKey: string;
    /** base64 */
    readonly value: string;
  };
}

const signedPart = (file: Pick<AnchorFile, 'format' | 'exportedAt' | 'anchors'>) =>
  Buffer.from(
    canonicalJson({ format: file.format, exportedAt: file.exportedAt, anchors: file.anchors }),
  );

/** `privateKeyPem`: an Ed25519 private key, PKCS #8 PEM (`openssl genpkey -algorithm ed25519`). */
export function signAnchorFile(
  anchors: readonly Anchor[],
  privateKeyPem: string,
  exportedAt: string,
): AnchorFile {
  const key = createPrivateKey(privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the signing key must be Ed25519');
  const unsigned = { format: ANCHOR_FILE_FORMAT, exportedAt, anchors } as const;
  return {
    ...unsigned,
    signature: {
      algorithm: 'Ed25519',
      publicKey: createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(),
      value: sign(null, signedPart(unsigned), key).toString('base64'),
    },
  };
}

export type AnchorFileFinding =
  | { readonly kind: 'BAD_SIGNATURE' }
  | { readonly kind: 'UNTRUSTED_KEY' }
  | { readonly kind: 'ANCHOR_MISSING_FROM_STORE'; readonly seq: number }
  | { readonly kind: 'ANCHOR_CHANGED_IN_STORE'; readonly seq: number };

/**
 * Checks a file's signature (against `trustedPublicKeyPem` when given, else the key it carries)
 * and that every anchor in it is in the store unchanged.
 */
export function checkAnchorFile(
  file: AnchorFile,
  stored: ReadonlyMap<number, Anchor>,
  trustedPublicKeyPem?: string,
): AnchorFileFinding[] {
  let key: KeyObject;
  try {
    key = createPublicKey(file.signature.publicKey);
  } catch {
    return [{ kind: 'BAD_SIGNATURE' }];
  }
  const findings: AnchorFileFinding[] = [];
  if (trustedPublicKeyPem !== undefined) {
    const trusted = createPublicKey(trustedPublicKeyPem).export({ type: 'spki', format: 'der' });
    if (!trusted.equals(key.export({ type: 'spki', format: 'der' }))) {
      findings.push({ kind: 'UNTRUSTED_KEY' });
    }
  }
  const signature = Buffer.from(file.signature.value, 'base64');
  if (!verify(null, signedPart(file), key, signature)) findings.push({ kind: 'BAD_SIGNATURE' });
  for (const anchor of file.anchors) {
    const found = stored.get(anchor.seq);
    if (!found) findings.push({ kind: 'ANCHOR_MISSING_FROM_STORE', seq: anchor.seq });
    else if (found.hash !== anchor.hash)
      findings.push({ kind: 'ANCHOR_CHANGED_IN_STORE', seq: anchor.seq });
  }
  return findings;
}
