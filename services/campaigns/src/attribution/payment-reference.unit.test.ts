import { AppError } from '@kindly/errors';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  signReference,
  verifyReference,
  type PaymentReferenceFields,
} from './payment-reference.js';

const KEY_2026 = { id: 'k2026', secret: 'k2026-secret-from-settings-0123456789abcdef' };
const KEY_2027 = { id: 'k2027', secret: 'k2027-secret-from-settings-fedcba9876543210' };

const FIELDS: PaymentReferenceFields = {
  messageId: '3f2b8c1e-9a4d-5e6f-8a7b-1c2d3e4f5a6b', // Kindly's message ids are UUIDs (deterministicId)
  campaignId: 'spring-waiver-2026',
  variant: 'b',
  tenantId: 'bank-cn',
  accountId: 'ACC-00012345',
  expiresAt: '2026-04-30T16:00:00Z',
};
const BEFORE_EXPIRY = DateTime.fromISO('2026-04-01T00:00:00Z', { zone: 'utc' });

/** The token with the character at `index` replaced by another base64url character. */
function withCharacterChanged(token: string, index: number): string {
  const replacement = token[index] === 'A' ? 'B' : 'A';
  return `${token.slice(0, index)}${replacement}${token.slice(index + 1)}`;
}

describe('payment reference', () => {
  it('round-trips its fields and names the key that signed it', () => {
    const token = signReference(FIELDS, KEY_2026);
    expect(verifyReference(token, [KEY_2026], BEFORE_EXPIRY)).toEqual({
      ok: true,
      reference: FIELDS,
      keyId: 'k2026',
    });
  });

  it('is 115 URL-safe characters for realistic ids (a UUID message id packed to 16 bytes)', () => {
    const token = signReference(FIELDS, KEY_2026);
    // Payload bytes: 1 version + 4 expiry + (1 + 16) UUID + (1 + 18) campaign + (1 + 1) variant
    // + (1 + 7) tenant + (1 + 12) account = 64 → 86 base64url characters (⌈64 · 4 / 3⌉).
    // Token: 'k2026' 5 + '.' 1 + 86 + '.' 1 + MAC 22 (16 bytes) = 115.
    expect(token).toMatch(/^[A-Za-z0-9_.-]+$/);
    expect(token.length).toBe(115);
  });

  it('refuses a token with any one character of payload or MAC changed as a bad signature', () => {
    const token = signReference(FIELDS, KEY_2026);
    const keyIdLength = KEY_2026.id.length;
    for (let index = keyIdLength + 1; index < token.length; index++) {
      if (token[index] === '.') continue;
      const result = verifyReference(withCharacterChanged(token, index), [KEY_2026], BEFORE_EXPIRY);
      expect(result).toEqual({ ok: false, reason: 'bad-signature' });
    }
  });

  it('refuses a token signed with another key under the same key id', () => {
    const forged = signReference(FIELDS, { id: KEY_2026.id, secret: `${KEY_2026.secret}-guess` });
    expect(verifyReference(forged, [KEY_2026], BEFORE_EXPIRY)).toEqual({
      ok: false,
      reason: 'bad-signature',
    });
  });

  it('refuses a token from its expiry instant on', () => {
    const token = signReference(FIELDS, KEY_2026);
    const expiry = DateTime.fromISO(FIELDS.expiresAt, { zone: 'utc' });
    expect(verifyReference(token, [KEY_2026], expiry.minus({ seconds: 1 })).ok).toBe(true);
    expect(verifyReference(token, [KEY_2026], expiry)).toEqual({ ok: false, reason: 'expired' });
  });

  it('accepts old and new keys during a rotation, and refuses a rotated-out key', () => {
    const old = signReference(FIELDS, KEY_2026);
    const current = signReference(FIELDS, KEY_2027);
    expect(verifyReference(old, [KEY_2027, KEY_2026], BEFORE_EXPIRY).ok).toBe(true);
    expect(verifyReference(current, [KEY_2027, KEY_2026], BEFORE_EXPIRY).ok).toBe(true);
    expect(verifyReference(old, [KEY_2027], BEFORE_EXPIRY)).toEqual({
      ok: false,
      reason: 'unknown-key',
    });
  });

  it('refuses malformed tokens without echoing them', () => {
    const token = signReference(FIELDS, KEY_2026);
    const hostile = ['', 'k2026', 'k2026..', `${token}.x`, `<script>.${token}`, 'a'.repeat(10_000)];
    for (const candidate of hostile) {
      const result = verifyReference(candidate, [KEY_2026], BEFORE_EXPIRY);
      expect(result).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('keeps any account id exactly: separators, non-ASCII, a leading byte-order mark', () => {
    const fields = {
      ...FIELDS,
      accountId: '\uFEFF账户.7|x\n',
      messageId: 'MSG-Upper-Case-Not-UUID',
    };
    const token = signReference(fields, KEY_2026);
    const result = verifyReference(token, [KEY_2026], BEFORE_EXPIRY);
    expect(result.ok && result.reference).toEqual(fields);
  });

  it('refuses to sign with a short secret or an id that does not fit, naming no value', () => {
    const short = { id: 'k1', secret: 'too-short' };
    expect(() => signReference(FIELDS, short)).toThrow(AppError);
    const long = { ...FIELDS, accountId: 'x'.repeat(255) };
    try {
      signReference(long, KEY_2026);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'REFERENCE_FIELDS_INVALID',
        details: { problem: 'too-long', field: 'accountId' },
      });
      expect(JSON.stringify(error) + String(error)).not.toContain('xxxx');
    }
  });
});
