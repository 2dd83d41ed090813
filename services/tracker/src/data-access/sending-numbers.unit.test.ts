import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSendersFile, loadSendingNumbers, sendingNumbersFrom } from './sending-numbers.js';

const yaml = (bank2: string) => `
senders:
  bank-1:
    jurisdictions:
      US: { name: { en-US: Bank One }, smsNumbers: ['+15005550011'] }
      CN: { smsNumbers: ['+8610690000001', '+8610690000002'] }
  bank-2:
    jurisdictions:
      US: { smsNumbers: ['${bank2}'] }
  bank-3:
    jurisdictions:
      GB: { phone: '0808 157 0000' }
`;

describe('the tenants of our sending numbers (senders.yaml)', () => {
  it('gives each listed number its tenant, and none to a number nobody lists', () => {
    const numbers = sendingNumbersFrom(yaml('+15005550012'));
    expect(numbers.tenantOf('+15005550011')).toBe('bank-1');
    expect(numbers.tenantOf('+8610690000002')).toBe('bank-1');
    expect(numbers.tenantOf('+15005550012')).toBe('bank-2');
    expect(numbers.tenantOf('+15005550099')).toBeUndefined();
  });

  it('refuses a number listed for two tenants, or one that is not E.164, without quoting it', () => {
    expect(() => sendingNumbersFrom(yaml('+15005550011'))).toThrow(/listed for bank-1 and bank-2$/);
    expect(() => sendingNumbersFrom(yaml('5550012'))).toThrow(/bank-2\.jurisdictions\.US/);
  });

  it('reads the numbers from the file it is given', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'tracker-senders-')), 'senders.yaml');
    writeFileSync(file, yaml('+15005550012'));
    const numbers = loadSendingNumbers(file);
    expect(numbers.tenantOf('+8610690000001')).toBe('bank-1');
    expect(numbers.tenantOf('+15005550012')).toBe('bank-2');
    expect(() => loadSendingNumbers(join(file, '..', 'none.yaml'))).toThrow(/ENOENT/);
  });

  it('reads the shipped senders file by default, which lists no number yet', () => {
    // The shipped file is there and valid; no tenant lists an SMS number in it (the README's
    // unknown `To`: every reply is handled for every tenant with the number).
    expect(existsSync(defaultSendersFile)).toBe(true);
    const numbers = loadSendingNumbers();
    expect(numbers.tenantOf('+15005550006')).toBeUndefined();
  });
});
