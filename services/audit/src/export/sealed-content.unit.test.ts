import { randomBytes } from 'node:crypto';
import { sampleEvents } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../domain/canonical-hash.js';
import { parseKeyEncryptionKeys, seal, type SealedEvidence } from '../domain/evidence-cipher.js';
import { sealedContentReader } from './sealed-content.js';
import { AuditRecords } from './testing/export-fixtures.js';

const keyList = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

describe('sealedContentReader', () => {
  it('opens a rendered message’s sealed content back to the content rendered', async () => {
    const keys = parseKeyEncryptionKeys(keyList('k1'), 'k1');
    const audit = new AuditRecords().add(sampleEvents['outreach.rendered']);
    const store = new Map<string, SealedEvidence>();
    for (const [id, content] of audit.evidence) {
      store.set(id, seal(keys, id, Buffer.from(canonicalJson(content))));
    }
    const read = sealedContentReader(keys, async (id) => store.get(id));
    const [id] = [...audit.evidence.keys()];
    expect(await read(id!)).toEqual(sampleEvents['outreach.rendered'].payload.content);
    // A record whose evidence is gone: said, never shown as a history without its content.
    await expect(read('no-such-evidence')).rejects.toThrow(/missing from the evidence store/);
  });

  it('fails without the key the evidence was sealed with', async () => {
    const sealedWith = parseKeyEncryptionKeys(keyList('old'), 'old');
    const sealed = seal(sealedWith, 'e-1', Buffer.from('{"body":"x"}'));
    const read = sealedContentReader(
      parseKeyEncryptionKeys(keyList('new'), 'new'),
      async () => sealed,
    );
    await expect(read('e-1')).rejects.toThrow(/key old is not configured/);
  });
});
