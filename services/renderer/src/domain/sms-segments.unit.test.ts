import { describe, expect, it } from 'vitest';
import { segmentSms } from './sms-segments.js';

// Published examples: 3GPP TS 23.038 and Twilio's "What the Heck is a Segment?" (160 / 153 GSM-7
// septets, 70 / 67 UCS-2 units per segment; extension characters take two septets).
describe('SMS segments', () => {
  it('fits 160 GSM-7 characters in one segment and needs two for 161', () => {
    expect(segmentSms('a'.repeat(160))).toMatchObject({
      encoding: 'GSM-7',
      units: 160,
      segments: 1,
    });
    const two = segmentSms('a'.repeat(161));
    expect(two).toMatchObject({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(two.parts.map((p) => p.length)).toEqual([153, 8]);
  });

  it('puts 153 septets in each part of a long GSM-7 message', () => {
    expect(segmentSms('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(segmentSms('a'.repeat(307))).toMatchObject({ segments: 3 });
    expect(segmentSms('a'.repeat(459))).toMatchObject({ segments: 3 });
  });

  it('counts each extension character as two septets', () => {
    for (const char of ['€', '^', '{', '}', '[', ']', '~', '|', '\\', '\f']) {
      expect(segmentSms(char), JSON.stringify(char)).toMatchObject({ encoding: 'GSM-7', units: 2 });
    }
    expect(segmentSms('€'.repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(segmentSms('€'.repeat(81))).toMatchObject({ units: 162, segments: 2 });
    expect(segmentSms(`${'a'.repeat(159)}€`)).toMatchObject({ units: 161, segments: 2 });
  });

  it('never splits an escape pair across two parts', () => {
    const text = `${'a'.repeat(152)}€${'b'.repeat(10)}`; // the € would straddle septets 153 and 154
    const result = segmentSms(text);
    expect(result.parts[0]).toBe('a'.repeat(152));
    expect(result.parts[1]?.startsWith('€')).toBe(true);
    expect(result.parts.join('')).toBe(text);
  });

  it('switches the whole message to UCS-2 for one character outside GSM-7: 70 units, then 67', () => {
    expect(segmentSms(`${'a'.repeat(69)}’`)).toMatchObject({
      encoding: 'UCS-2',
      units: 70,
      segments: 1,
    });
    expect(segmentSms(`${'a'.repeat(70)}’`)).toMatchObject({
      encoding: 'UCS-2',
      units: 71,
      segments: 2,
    });
    expect(segmentSms('é'.repeat(10))).toMatchObject({ encoding: 'GSM-7' }); // é is in the basic set
    expect(segmentSms('á')).toMatchObject({ encoding: 'UCS-2' }); // á is not
    expect(segmentSms('x'.repeat(134) + 'ő')).toMatchObject({ units: 135, segments: 3 });
  });

  it('counts a Chinese message in UCS-2 units', () => {
    const body =
      '【示例银行】尊敬的客户，您尾号4821的信用卡已逾期3天，逾期金额¥1,280.50。请尽快还款，回复TD退订';
    expect(segmentSms(body)).toMatchObject({ encoding: 'UCS-2', units: body.length, segments: 1 });
    expect(segmentSms('中'.repeat(70))).toMatchObject({ units: 70, segments: 1 });
    const long = segmentSms('中'.repeat(71));
    expect(long).toMatchObject({ units: 71, segments: 2 });
    expect(long.parts.map((p) => p.length)).toEqual([67, 4]);
  });

  it('counts an emoji as two units and never splits its surrogate pair', () => {
    expect(segmentSms('😀')).toMatchObject({ encoding: 'UCS-2', units: 2, segments: 1 });
    const text = `${'中'.repeat(66)}😀${'中'.repeat(10)}`;
    const result = segmentSms(text);
    expect(result.units).toBe(78);
    expect(result.parts[0]).toBe('中'.repeat(66));
    expect(result.parts[1]?.startsWith('😀')).toBe(true);
  });
});
