import { describe, expect, it } from 'vitest';
import { computeTwilioSignature } from '@kindly/stand-ins';
import { parseForm } from './form-body.js';
import { createTwilioWebhookAuth } from './twilio-webhook-auth.js';

const TOKEN = 'test-auth-token-123';
const BASE = 'https://tracker.example-bank.cn';
const PATH = '/twilio/status?messageId=m-1&accountId=a-1&tenantId=bank-1&attempt=1';
const params = { MessageSid: 'SM0123', MessageStatus: 'delivered', To: '+12125550123' };

describe('the Twilio webhook signature check', () => {
  const auth = createTwilioWebhookAuth(TOKEN, BASE);

  it('accepts what Twilio (and the stand-in) signs: the public URL with its query, and the form', () => {
    const signature = computeTwilioSignature(TOKEN, `${BASE}${PATH}`, params);
    expect(auth(signature, PATH, params)).toBe(true);
    // Twilio signs with or without the default port; both are accepted.
    const withPort = computeTwilioSignature(
      TOKEN,
      `https://tracker.example-bank.cn:443${PATH}`,
      params,
    );
    expect(auth(withPort, PATH, params)).toBe(true);
  });

  it('refuses a missing, forged or replayed-elsewhere signature', () => {
    const signature = computeTwilioSignature(TOKEN, `${BASE}${PATH}`, params);
    expect(auth(undefined, PATH, params)).toBe(false);
    expect(auth('', PATH, params)).toBe(false);
    expect(
      auth(computeTwilioSignature('wrong-token', `${BASE}${PATH}`, params), PATH, params),
    ).toBe(false);
    // Another status, another message in the query, or another host: not what was signed.
    expect(auth(signature, PATH, { ...params, MessageStatus: 'failed' })).toBe(false);
    expect(auth(signature, PATH.replace('a-1', 'a-2'), params)).toBe(false);
    expect(createTwilioWebhookAuth(TOKEN, 'https://evil.example')(signature, PATH, params)).toBe(
      false,
    );
  });

  it('checks repeated form parameters as Twilio signs them', () => {
    const form = parseForm('Body=hi&MediaUrl=b&MediaUrl=a');
    expect(form).toEqual({ Body: 'hi', MediaUrl: ['b', 'a'] });
    const signature = computeTwilioSignature(TOKEN, `${BASE}/twilio/inbound`, form);
    expect(auth(signature, '/twilio/inbound', form)).toBe(true);
  });
});
