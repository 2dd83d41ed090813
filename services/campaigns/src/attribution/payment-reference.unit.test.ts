import { createHmac } from 'node:crypto';
import { AppError } from '@kindly/errors';
import { base32 } from 'rfc4648';
import { describe, expect, it } from 'vitest';
import {
  signReference,
  verifyReference,
  type PaymentReferenceFields,
} from './payment-reference.js';

const KEY_2026 = { id: 'k2026', secret: 'k2026-secret-from-settings-0123456789abcdef' };
const KEY_2027 = { id: 'k2027', secret: 'k2027-secret-from-settings-fedcba9876543210' };

const MESSAGE: PaymentReferenceFields = {
  messageId: '3f2b8c1e-9a4d-5e6f-8a7b-1c2d3e4f5a6b', // Kindly's message ids are UUIDs (deterministicId)
  campaignId: 'spring-waiver-2026',
  variant: 'b',
  tenantId: 'bank-cn',
  accountId: 'ACC-00012345',
};
/** The same account's message in another campaign: another id, another short reference. */
const OTHER_CAMPAIGN: PaymentReferenceFields = {
  ...MESSAGE,
  messageId: '9d0e1f2a-3b4c-5d6e-8f70-8192a3b4c5d6',
  campaignId: 'autumn-2025',
};
const CANDIDATES = [OTHER_CAMPAIGN, MESSAGE];

/** The token with the character at `index` replaced by another base64url character. */
function withCharacterChanged(token: string, index: number): string {
  const replacement = token[index] === 'C' ? 'D' : 'C';
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

describe('payment reference', () => {
  it('verifies against the message it was signed for, and names the key', () => {
    const token = signReference(MESSAGE, KEY_2026);
    expect(verifyReference(token, [KEY_2026], CANDIDATES)).toEqual({
      ok: true,
      reference: MESSAGE,
      keyId: 'k2026',
    });
  });

  it('is the key id, the short reference the message prints and a 128-bit MAC: 45 characters', () => {
    const token = signReference(MESSAGE, KEY_2026);
    // 'k2026' 5 + '.' + 'KD3F2B8C1E9A' 12 + '.' + 26 (16 bytes in base32) = 45: it fits an SMS,
    // and has no hyphen for a letter's line to break at.
    expect(token).toMatch(/^k2026\.KD3F2B8C1E9A\.[A-Z2-7]{26}$/);
    expect(token).toHaveLength(45);
    // Nothing in it names the account, the campaign or the tenant.
    for (const field of ['ACC-00012345', 'spring', 'bank-cn']) expect(token).not.toContain(field);
  });

  it('has the MAC a second, plain implementation computes from the documented inputs', () => {
    const token = signReference(MESSAGE, KEY_2026);
    const digest = createHmac('sha256', KEY_2026.secret)
      .update(
        'kindly.payment-reference.v2\n["k2026","3f2b8c1e-9a4d-5e6f-8a7b-1c2d3e4f5a6b","spring-waiver-2026","b","bank-cn","ACC-00012345"]',
      )
      .digest();
    const expected = base32.stringify(digest.subarray(0, 16), { pad: false });
    expect(token.split('.')[2]).toBe(expected);
  });

  it('refuses a token with any one character of its reference or MAC changed', () => {
    const token = signReference(MESSAGE, KEY_2026);
    for (let index = KEY_2026.id.length + 1; index < token.length; index++) {
      if (token[index] === '.') continue;
      const result = verifyReference(withCharacterChanged(token, index), [KEY_2026], CANDIDATES);
      expect(result.ok).toBe(false);
    }
  });

  it('refuses the token when the message it names belongs to another account or variant', () => {
    const token = signReference(MESSAGE, KEY_2026);
    // A link forwarded to pay another account: that account's messages are the candidates.
    const forwarded = [{ ...MESSAGE, accountId: 'ACC-99999999' }];
    expect(verifyReference(token, [KEY_2026], forwarded)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
    const otherVariant = [{ ...MESSAGE, variant: 'a' }];
    expect(verifyReference(token, [KEY_2026], otherVariant).ok).toBe(false);
    expect(verifyReference(token, [KEY_2026], [OTHER_CAMPAIGN])).toEqual({
      ok: false,
      reason: 'unknown-message',
    });
  });

  it('refuses a token signed with another key under the same key id', () => {
    const forged = signReference(MESSAGE, { id: KEY_2026.id, secret: `${KEY_2026.secret}-guess` });
    expect(verifyReference(forged, [KEY_2026], CANDIDATES)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('accepts old and new keys during a rotation, and refuses a rotated-out key', () => {
    const old = signReference(MESSAGE, KEY_2026);
    const current = signReference(MESSAGE, KEY_2027);
    expect(verifyReference(old, [KEY_2027, KEY_2026], CANDIDATES).ok).toBe(true);
    expect(verifyReference(current, [KEY_2027, KEY_2026], CANDIDATES).ok).toBe(true);
    expect(verifyReference(old, [KEY_2027], CANDIDATES)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('refuses malformed tokens, the bare short reference among them, without echoing them', () => {
    const token = signReference(MESSAGE, KEY_2026);
    const hostile = [
      '',
      'KD3F2B8C1E9A',
      'k2026..',
      `${token}.x`,
      `<script>.${token}`,
      token.replace('KD3F', 'kd3f'),
      'a'.repeat(10_000),
    ];
    for (const candidate of hostile) {
      expect(verifyReference(candidate, [KEY_2026], CANDIDATES)).toEqual({
        ok: false,
        reason: 'malformed',
      });
    }
  });

  it('signs any identifiers exactly: separators and non-ASCII in an account id', () => {
    const fields = { ...MESSAGE, accountId: '\uFEFF账户.7|x\n"]' };
    const token = signReference(fields, KEY_2026);
    expect(verifyReference(token, [KEY_2026], [fields]).ok).toBe(true);
    expect(verifyReference(token, [KEY_2026], [{ ...fields, accountId: '账户.7|x\n"]' }]).ok).toBe(
      false,
    );
  });

  it('refuses to sign with a short secret or a key id that does not fit, naming no secret', () => {
    for (const key of [
      { id: 'k1', secret: 'too-short' },
      { id: 'a.b', secret: KEY_2026.secret },
      { id: 'k-1', secret: KEY_2026.secret },
    ]) {
      try {
        signReference(MESSAGE, key);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code: 'REFERENCE_KEY_INVALID' });
        expect(JSON.stringify(error) + String(error)).not.toContain(key.secret);
      }
    }
  });
});
