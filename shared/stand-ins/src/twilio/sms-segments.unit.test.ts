import { describe, expect, it } from 'vitest';
import { countSmsSegments } from './sms-segments.js';

describe('SMS segments', () => {
  it('counts GSM-7: 160 septets alone, 153 per part, extension characters as two', () => {
    expect(countSmsSegments('a'.repeat(160))).toBe(1);
    expect(countSmsSegments('a'.repeat(161))).toBe(2);
    expect(countSmsSegments('a'.repeat(306))).toBe(2);
    expect(countSmsSegments('a'.repeat(307))).toBe(3);
    expect(countSmsSegments('€'.repeat(80))).toBe(1);
    expect(countSmsSegments('€'.repeat(81))).toBe(2);
  });

  it('counts UCS-2 for the whole message once one character is outside GSM-7', () => {
    expect(countSmsSegments('请于周五前还款')).toBe(1);
    expect(countSmsSegments('’'.padEnd(70, 'a'))).toBe(1);
    expect(countSmsSegments('’'.padEnd(71, 'a'))).toBe(2);
    expect(countSmsSegments('’'.padEnd(135, 'a'))).toBe(3);
  });
});
