import { describe, expect, it } from 'vitest';
import { unitPrice } from './report-action.js';

describe('prices on the command line', () => {
  it('reads fractions of a minor unit exactly', () => {
    expect(unitPrice('0.0083', 'USD', '--p')).toEqual({
      currency: 'USD',
      amountMinor: 83,
      perUnits: 100,
    });
    expect(unitPrice('0.65', 'USD', '--p')).toEqual({
      currency: 'USD',
      amountMinor: 65,
      perUnits: 1,
    });
    expect(unitPrice('2', 'CNY', '--p')).toEqual({
      currency: 'CNY',
      amountMinor: 200,
      perUnits: 1,
    });
  });

  it('refuses what is not a decimal price, naming the option', () => {
    expect(() => unitPrice('-1', 'USD', '--sms-segment-price')).toThrow(/--sms-segment-price/);
    expect(() => unitPrice('1e3', 'USD', '--letter-price')).toThrow(/--letter-price/);
  });
});
