import { describe, expect, it } from 'vitest';
import { maskText, REDACTED } from './mask-text.js';

describe('maskText', () => {
  it.each([
    ['E.164 phone', 'call +8613800138000 now'],
    ['local phone', 'call 13800138000 now'],
    ['grouped phone', 'call +1 (555) 123-4567 now'],
    ['dashed phone', 'call 138-0013-8000 now'],
    ['account number', 'account 6222021234567890123 is overdue'],
    ['grouped card number', 'card 6222 0212 3456 7890 123 declined'],
    ['e-mail', 'sent to john.doe+dunning@mail.example.co.uk today'],
    ['IBAN', 'pay to DE89370400440532013000 please'],
    ['grouped IBAN', 'pay to DE89 3704 0044 0532 0130 00 please'],
    ['number in JSON text', '{"to":"+8613800138000"}'],
  ])('masks a %s', (_, text) => {
    const masked = maskText(text);
    expect(masked).toContain(REDACTED);
    expect(masked).not.toMatch(/\d{5}|@/);
  });

  it.each([
    ['a UUID with all-digit groups', 'event 12345678-1234-5678-9012-123456789abc'],
    ['a UUID', 'event 3f2a9c1e-1234-5678-9012-abcdef123456'],
    ['a hex trace id', 'trace 4bf92f3577b34da6a3ce929d0e0e4736'],
    ['an ISO instant', 'due 2025-03-09T01:30:00.000Z'],
    ['a SQL-style timestamp', 'due 2025-03-09 10:00:00'],
    ['a short number', 'retried 1234567 times'],
    ['digits glued to letters', 'ref ACC12345678'],
    ['digits glued to a word by a dash', 'group kindly-planner-12345678'],
    ['a decimal', 'ratio 1.123456789'],
    ['an upper-case code with few digits', 'code AB12CDEFGHIJKL'],
    ['text without digits', 'nothing here'],
  ])('keeps %s', (_, text) => {
    expect(maskText(text)).toBe(text);
  });
});
