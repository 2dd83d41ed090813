import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { computeTwilioSignature, isValidTwilioSignature } from './twilio-signature.js';

const TOKEN = '12345';
const URL = 'https://mycompany.com/myapp.php?foo=1&bar=2';
const PARAMS = {
  CallSid: 'CA1234567890ABCDE',
  Caller: '+12349013030',
  Digits: '1234',
  From: '+12349013030',
  To: '+18005551212',
};

describe('Twilio request signature', () => {
  it('matches the twilio package for Twilio’s documented example', () => {
    expect(computeTwilioSignature(TOKEN, URL, PARAMS)).toBe(
      twilio.getExpectedTwilioSignature(TOKEN, URL, PARAMS),
    );
  });

  it('does not depend on parameter order, and signs repeated names once per sorted value', () => {
    const repeated = { MediaUrl: ['https://b.example/2', 'https://a.example/1'], Body: 'x' };
    expect(computeTwilioSignature(TOKEN, URL, repeated)).toBe(
      twilio.getExpectedTwilioSignature(TOKEN, URL, {
        Body: 'x',
        MediaUrl: [...repeated.MediaUrl],
      }),
    );
  });

  it('is accepted by twilio.validateRequest and rejected when anything changes', () => {
    const signature = computeTwilioSignature(TOKEN, URL, PARAMS);
    expect(twilio.validateRequest(TOKEN, signature, URL, PARAMS)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signature, URL, PARAMS)).toBe(true);
    expect(isValidTwilioSignature(TOKEN, signature, URL, { ...PARAMS, Digits: '1235' })).toBe(
      false,
    );
    expect(isValidTwilioSignature(TOKEN, signature, `${URL}&baz=3`, PARAMS)).toBe(false);
    expect(isValidTwilioSignature('54321', signature, URL, PARAMS)).toBe(false);
    expect(isValidTwilioSignature(TOKEN, 'short', URL, PARAMS)).toBe(false);
  });
});
