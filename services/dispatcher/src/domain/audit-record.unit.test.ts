import { describe, expect, it } from 'vitest';
import { postalAddressText } from '@kindly/contracts';
import { maskAddress, protectAddress } from './address-masking.js';
import {
  auditHash,
  canonicalJson,
  chainAuditRecord,
  firstBrokenLink,
  GENESIS_HASH,
  type AuditEntry,
  type ChainedAuditRecord,
} from './audit-record.js';

describe('address masking', () => {
  it('keeps the country and area code and the last two digits of a number', () => {
    expect(maskAddress('sms', '+12125550123')).toBe('+1212*****23');
    expect(maskAddress('sms', '+8613800138000')).toBe('+8613*******00');
  });

  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(maskAddress('email', 'jane.doe@example.com')).toBe('j***@example.com');
  });

  it('keeps the country and the start of the postal code of a postal address', () => {
    const summary = postalAddressText({
      country: 'US',
      postalCode: '10118',
      city: 'New York',
      lines: ['350 Fifth Avenue'],
    });
    expect(maskAddress('letter', summary)).toBe('US 10***');
  });

  it('stores an HMAC keyed by the secret, the same for the same address in any case', () => {
    const a = protectAddress('email', 'Jane@Example.com', 'secret-one-0123456789');
    const b = protectAddress('email', 'jane@example.com', 'secret-one-0123456789');
    const c = protectAddress('email', 'jane@example.com', 'secret-two-0123456789');
    expect(a.hmac).toBe(b.hmac);
    expect(a.hmac).not.toBe(c.hmac);
    expect(a.hmac).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(a)).not.toContain('jane@');
  });
});

describe('the audit hash chain', () => {
  const entry = (messageId: string): AuditEntry => ({
    kind: 'send',
    tenantId: 'bank-1',
    accountId: 'acct-1',
    messageId,
    attempt: 1,
    channel: 'sms',
    purpose: 'servicing',
    templateId: 'reminder-friendly-sms',
    templateVersion: '3',
    contentHash: 'a'.repeat(64),
    address: { hmac: 'b'.repeat(64), masked: '+1212*****23' },
    consentBasis: { basis: 'contract', source: 'branch', at: '2026-02-01T00:00:00Z' },
    reasons: ['DPD_1_TO_7'],
    sentAtUtc: '2026-03-04T14:00:00Z',
    sentAtLocal: '2026-03-04T09:00:00-05:00',
    timeZone: 'America/New_York',
    provider: 'twilio',
    providerMessageId: 'SM0',
  });

  function chain(n: number): ChainedAuditRecord[] {
    const records: ChainedAuditRecord[] = [];
    for (let i = 0; i < n; i++) records.push(chainAuditRecord(entry(`m-${i}`), records.at(-1)));
    return records;
  }

  it('links each record to the one before, from a genesis of zeros', () => {
    const [first, second] = chain(2);
    expect(first?.seq).toBe(1);
    expect(first?.prevHash).toBe(GENESIS_HASH);
    expect(second?.seq).toBe(2);
    expect(second?.prevHash).toBe(first?.hash);
    expect(firstBrokenLink(chain(5))).toBe(-1);
  });

  it('finds an edited, a removed and a reordered record', () => {
    const edited = chain(4);
    edited[2] = { ...edited[2]!, providerMessageId: 'SM-forged' };
    expect(firstBrokenLink(edited)).toBe(2);

    const removed = chain(4);
    removed.splice(1, 1);
    expect(firstBrokenLink(removed)).toBe(1);

    const reordered = chain(3);
    [reordered[0], reordered[1]] = [reordered[1]!, reordered[0]!];
    expect(firstBrokenLink(reordered)).toBe(0);
  });

  it('hashes a canonical JSON: key order does not matter, content does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const [record] = chain(1);
    const { hash, ...rest } = record!;
    const shuffled = Object.fromEntries(Object.entries(rest).reverse()) as typeof rest;
    expect(auditHash(shuffled)).toBe(hash);
  });
});
