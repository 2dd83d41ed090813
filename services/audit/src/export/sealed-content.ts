/**
 * The `evidence` reader the contact history asks for, over the sealed evidence: finds a rendered
 * message's sealed content by its evidence id, opens it with the configured keys and parses the
 * canonical JSON back to the content. Only the history calls it, and the history shows only the
 * SMS text or e-mail subject; the CSV and JSON lines never open evidence.
 */
import { open, type KeyEncryptionKeys, type SealedEvidence } from '../domain/evidence-cipher.js';

export type FindSealedEvidence = (evidenceId: string) => Promise<SealedEvidence | undefined>;

export function sealedContentReader(
  keys: KeyEncryptionKeys,
  find: FindSealedEvidence,
): (evidenceId: string) => Promise<unknown> {
  return async (evidenceId) => {
    const sealed = await find(evidenceId);
    // Gone from the store while its record remains: say so, never print a history without it.
    if (!sealed) throw new Error('the content sent is missing from the evidence store');
    // A missing key or a ciphertext moved from another record throws: an examiner's export
    // must fail loudly rather than show a history without the content it should have.
    const plaintext: unknown = JSON.parse(open(keys, evidenceId, sealed).toString('utf8'));
    return plaintext;
  };
}
