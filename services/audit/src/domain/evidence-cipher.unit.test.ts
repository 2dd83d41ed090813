import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, parseKeyEncryptionKeys, rewrap, seal } from './evidence-cipher.js';

const k1 = randomBytes(32).toString('base64');
const k2 = randomBytes(32).toString('base64');

describe('evidence encryption', () => {
  it('opens what it sealed, and only for the same evidence id', () => {
    const keys = parseKeyEncryptionKeys(`one:${k1}`, 'one');
    const sealed = seal(keys, 'rendered-1', Buffer.from('Your payment is due'));
    expect(sealed.ciphertext).not.toContain('payment');
    expect(open(keys, 'rendered-1', sealed).toString()).toBe('Your payment is due');
    expect(() => open(keys, 'rendered-2', sealed)).toThrow();
  });

  it('rotates: new evidence under the new key, old evidence readable, then re-wrapped', () => {
    const before = parseKeyEncryptionKeys(`one:${k1}`, 'one');
    const old = seal(before, 'rendered-1', Buffer.from('old'));
    const after = parseKeyEncryptionKeys(`one:${k1},two:${k2}`, 'two');
    expect(seal(after, 'rendered-2', Buffer.from('new')).keyId).toBe('two');
    expect(open(after, 'rendered-1', old).toString()).toBe('old');
    const moved = rewrap(after, 'rendered-1', old);
    expect(moved.keyId).toBe('two');
    expect(moved.ciphertext).toBe(old.ciphertext); // only the data key was re-wrapped
    const retired = parseKeyEncryptionKeys(`two:${k2}`, 'two');
    expect(open(retired, 'rendered-1', moved).toString()).toBe('old');
    expect(() => open(retired, 'rendered-1', old)).toThrow(/key one is not configured/);
  });

  it('refuses keys that are not 32 bytes, and an active id that is not among them', () => {
    expect(() => parseKeyEncryptionKeys('one:c2hvcnQ=', 'one')).toThrow(/32 bytes/);
    expect(() => parseKeyEncryptionKeys(`one:${k1}`, 'two')).toThrow(/active key two/);
  });
});
