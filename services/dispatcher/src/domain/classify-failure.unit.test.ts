import { describe, expect, it } from 'vitest';
import { classifySmtpError, classifyTwilioError, enhancedStatusOf } from './classify-failure.js';

describe('Twilio failures by class', () => {
  const twilio = (status: number | undefined, code?: number) =>
    classifyTwilioError({ provider: 'twilio', status, code });

  it.each([
    [429, 20429],
    [500, 20500],
    [503, undefined],
  ])('HTTP %s is the provider’s trouble: retry', (status, code) => {
    expect(twilio(status, code)).toMatchObject({ retryable: true, providerFault: true });
  });

  it('no answer at all is retried', () => {
    expect(twilio(undefined)).toMatchObject({ code: 'NETWORK', retryable: true });
  });

  it('30003 (handset unreachable) is retried, but says nothing about Twilio', () => {
    expect(twilio(400, 30003)).toMatchObject({
      code: '30003',
      retryable: true,
      providerFault: false,
    });
  });

  it('21610 (opted out) is final and revokes consent', () => {
    expect(twilio(400, 21610)).toMatchObject({
      code: '21610',
      retryable: false,
      effect: 'revoke-consent',
    });
  });

  it.each([21211, 21614])('%s marks the number invalid, final', (code) => {
    expect(twilio(400, code)).toMatchObject({
      code: String(code),
      retryable: false,
      providerFault: false,
      effect: 'invalid-address',
    });
  });

  it('any other 4xx is final', () => {
    expect(twilio(400, 21602)).toMatchObject({ retryable: false, effect: 'none' });
  });
});

describe('SMTP failures by class', () => {
  it('4xx is temporary; 421/451 count against the relay, 452 (mailbox full) does not', () => {
    expect(classifySmtpError({ provider: 'smtp', responseCode: 451 })).toMatchObject({
      retryable: true,
      providerFault: true,
    });
    expect(classifySmtpError({ provider: 'smtp', responseCode: 452 })).toMatchObject({
      retryable: true,
      providerFault: false,
    });
  });

  it('5xx is permanent; 5.1.1 marks the address invalid', () => {
    expect(
      classifySmtpError({ provider: 'smtp', responseCode: 550, enhancedStatus: '5.1.1' }),
    ).toMatchObject({ code: 'SMTP:550:5.1.1', retryable: false, effect: 'invalid-address' });
    expect(
      classifySmtpError({ provider: 'smtp', responseCode: 554, enhancedStatus: '5.7.1' }),
    ).toMatchObject({ retryable: false, effect: 'none' });
  });

  it.each([
    [550, '5.1.1', true, 'invalid-address'],
    [550, '5.1.2', true, 'invalid-address'],
    [553, '5.1.3', true, 'invalid-address'],
    [551, '5.1.6', true, 'invalid-address'],
    [556, '5.1.10', true, 'invalid-address'],
    [553, undefined, true, 'invalid-address'], // no enhanced code: bad syntax
    [551, undefined, true, 'invalid-address'], // no enhanced code: moved
    // Policy, spam, DMARC, blocklists, a full or disabled mailbox, our sender: no mark.
    [550, '5.7.1', true, 'none'],
    [550, '5.7.26', true, 'none'],
    [552, '5.2.2', true, 'none'],
    [550, '5.2.1', true, 'none'],
    [550, '5.1.7', true, 'none'],
    [550, '5.1.0', true, 'none'],
    [554, '5.4.4', true, 'none'],
    [550, undefined, true, 'none'], // a bare 550 is also policy's answer (RFC 5321 §4.2.2)
    [553, undefined, false, 'none'], // at DATA: about the message, not the recipient
  ] as const)('SMTP %s %s (at RCPT TO: %s) → %s, final', (code, enhanced, atRecipient, effect) => {
    expect(
      classifySmtpError({
        provider: 'smtp',
        responseCode: code,
        ...(enhanced ? { enhancedStatus: enhanced } : {}),
        atRecipient,
      }),
    ).toMatchObject({ retryable: false, effect });
  });

  it('503 is the session’s state, not a verdict: retried', () => {
    expect(classifySmtpError({ provider: 'smtp', responseCode: 503 }).retryable).toBe(true);
  });

  it('a refused connection is retried', () => {
    expect(classifySmtpError({ provider: 'smtp', errorCode: 'ECONNECTION' })).toMatchObject({
      code: 'ECONNECTION',
      retryable: true,
      providerFault: true,
    });
  });

  it('reads the enhanced status code from a reply', () => {
    expect(enhancedStatusOf('550 5.1.1 User unknown')).toBe('5.1.1');
    expect(enhancedStatusOf('451 Try again later')).toBeUndefined();
  });
});
