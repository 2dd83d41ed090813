/**
 * Envelope encryption of the content sent: each piece of evidence gets its own random data key
 * (AES-256-GCM), and the data key is kept wrapped (AES-256-GCM again) under a key-encryption key
 * from the settings, named by its id. Rotation: a new key id becomes the active one and new
 * evidence uses it; old evidence stays readable while its key id is still configured, and
 * `rewrap` moves a piece to the active key by re-wrapping only its data key (the content is not
 * decrypted). Each ciphertext is bound to its evidence id (GCM's additional data), so a
 * ciphertext copied onto another record does not decrypt there.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface KeyEncryptionKeys {
  /** The key new evidence is wrapped with. */
  readonly activeId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

export interface SealedEvidence {
  readonly keyId: string;
  /** base64: iv (12) | tag (16) | wrapped data key (32) */
  readonly wrappedKey: string;
  /** base64: iv (12) | tag (16) | ciphertext */
  readonly ciphertext: string;
}

/**
 * `id:base64key,id:base64key` (each key 32 bytes) and the active id (the first when not given):
 * the settings' form.
 */
export function parseKeyEncryptionKeys(list: string, activeId?: string): KeyEncryptionKeys {
  const keys = new Map<string, Buffer>();
  for (const entry of list.split(',')) {
    const [id, encoded] = entry.trim().split(':');
    if (!id || !encoded || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new Error('each key must be written id:base64 (id: letters, digits, _ or -)');
    }
    const key = Buffer.from(encoded, 'base64');
    if (key.length !== 32) throw new Error(`key ${id} must be 32 bytes (base64 of 32 bytes)`);
    if (keys.has(id)) throw new Error(`key ${id} is listed twice`);
    keys.set(id, key);
  }
  const active = activeId ?? [...keys.keys()][0]!;
  if (!keys.has(active)) throw new Error(`the active key ${active} is not among the keys`);
  return { activeId: active, keys };
}

export function seal(
  kek: KeyEncryptionKeys,
  evidenceId: string,
  plaintext: Buffer,
): SealedEvidence {
  const dataKey = randomBytes(32);
  const wrapping = kek.keys.get(kek.activeId)!;
  return {
    keyId: kek.activeId,
    wrappedKey: gcm(wrapping, dataKey, `key:${evidenceId}`),
    ciphertext: gcm(dataKey, plaintext, `content:${evidenceId}`),
  };
}

export function open(kek: KeyEncryptionKeys, evidenceId: string, sealed: SealedEvidence): Buffer {
  const dataKey = ungcm(keyOf(kek, sealed.keyId), sealed.wrappedKey, `key:${evidenceId}`);
  return ungcm(dataKey, sealed.ciphertext, `content:${evidenceId}`);
}

/** The same evidence with its data key wrapped under the active key. */
export function rewrap(
  kek: KeyEncryptionKeys,
  evidenceId: string,
  sealed: SealedEvidence,
): SealedEvidence {
  if (sealed.keyId === kek.activeId) return sealed;
  const dataKey = ungcm(keyOf(kek, sealed.keyId), sealed.wrappedKey, `key:${evidenceId}`);
  return {
    ...sealed,
    keyId: kek.activeId,
    wrappedKey: gcm(kek.keys.get(kek.activeId)!, dataKey, `key:${evidenceId}`),
  };
}

function keyOf(kek: KeyEncryptionKeys, id: string): Buffer {
  const key = kek.keys.get(id);
  if (!key) throw new Error(`key ${id} is not configured: it is needed to read this evidence`);
  return key;
}

function gcm(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function ungcm(key: Buffer, sealed: string, aad: string): Buffer {
  const bytes = Buffer.from(sealed, 'base64');
  // A full 16-byte tag only: Node would otherwise accept a truncated one.
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12), {
    authTagLength: 16,
  });
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]);
}
