import { describe, expect, it } from 'vitest';
import { UnreachableReason } from './events/contact-unreachable.v1.js';
import {
  channelsBarredBy,
  TWILIO_UNREACHABLE_CODES,
  twilioUnreachableReason,
} from './twilio-unreachable-codes.js';

describe('Twilio codes that make a number unreachable', () => {
  it('reads invalid, not-mobile, landline and unknown numbers as unreachable', () => {
    expect(twilioUnreachableReason('21211')).toBe('invalid-number');
    expect(twilioUnreachableReason(21614)).toBe('landline');
    expect(twilioUnreachableReason('21635')).toBe('landline');
    expect(twilioUnreachableReason('30005')).toBe('unreachable-number');
    expect(twilioUnreachableReason('30006')).toBe('landline');
  });

  it('leaves an opt-out, a block, filtering and the temporary failures alone', () => {
    // 21610 is a STOP: a consent matter. 30004 (blocked) may be one sender's opt-out or a
    // carrier's filter, not a fact about the number. 30007 is about the content. 30003 and the
    // rest retry.
    for (const code of [
      '21610',
      '30004',
      '30007',
      '30003',
      '30008',
      '30001',
      '30009',
      '21612',
      '429',
    ]) {
      expect(twilioUnreachableReason(code), code).toBeUndefined();
    }
    expect(twilioUnreachableReason(undefined)).toBeUndefined();
    expect(twilioUnreachableReason('toString')).toBeUndefined();
  });

  it('gives only reasons the contract has', () => {
    for (const reason of Object.values(TWILIO_UNREACHABLE_CODES)) {
      expect(UnreachableReason.options).toContain(reason);
    }
  });

  it('bars calls too only for a number out of service', () => {
    // 21211 has causes of our own making (To equal to From, a short code): texts only.
    expect(channelsBarredBy('invalid-number')).toEqual(['sms']);
    expect(channelsBarredBy('unreachable-number')).toEqual(['sms', 'voice']);
    expect(channelsBarredBy('landline')).toEqual(['sms']);
    expect(channelsBarredBy('blocked')).toEqual(['sms']);
  });
});
