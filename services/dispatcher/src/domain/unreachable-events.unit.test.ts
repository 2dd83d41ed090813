import { describe, expect, it } from 'vitest';
import { ContactUnreachableV1 } from '@kindly/contracts';
import { aNewYorkAccount, renderedEvent } from '../testing/dispatcher-fixtures.js';
import { classifySmtpError, classifyTwilioError } from './classify-failure.js';
import { unreachableEvents } from './unreachable-events.js';

const account = aNewYorkAccount('acct-unreachable');
const at = '2026-03-04T14:00:05Z';
const number = '+12125550123';

/** A finished attempt as the dispatcher records it after a provider's refusal. */
function refused(failure: { code: string; effect: 'invalid-address' | 'revoke-consent' | 'none' }) {
  return { effect: failure.effect, errorCode: failure.code, attempt: 1 };
}

describe('unreachableEvents (the dispatcher’s synchronous refusals)', () => {
  it('makes a number Twilio refused as not a mobile number (21614) unreachable for texts', () => {
    const failure = classifyTwilioError({ provider: 'twilio', status: 400, code: 21614 });
    const events = unreachableEvents(
      renderedEvent(account, 'sms'),
      { ...refused(failure), to: number },
      at,
    );
    expect(events).toHaveLength(1);
    expect(ContactUnreachableV1.safeParse(events[0]).success).toBe(true);
    expect(events[0]).toMatchObject({
      occurredAt: at,
      payload: {
        accountId: account.accountId,
        channel: 'sms',
        address: number,
        reason: 'landline',
        source: 'dispatcher',
        errorCode: '21614',
        at,
      },
    });
  });

  it('bars only texts to an invalid number (21211), with the same ids when settled again', () => {
    // 21211 has causes of our own making (To equal to From, a short code as To): not a reason
    // to stop calling the number.
    const failure = classifyTwilioError({ provider: 'twilio', status: 400, code: 21211 });
    const record = { ...refused(failure), to: number };
    const events = unreachableEvents(renderedEvent(account, 'sms'), record, at);
    expect(events.map((e) => [e.payload.channel, e.payload.reason])).toEqual([
      ['sms', 'invalid-number'],
    ]);
    const again = unreachableEvents(renderedEvent(account, 'sms'), record, at);
    expect(again.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('makes an e-mail address the server refused as a bad mailbox a hard bounce', () => {
    const failure = classifySmtpError({
      provider: 'smtp',
      responseCode: 550,
      enhancedStatus: '5.1.1',
      atRecipient: true,
    });
    const events = unreachableEvents(
      renderedEvent(account, 'email'),
      { ...refused(failure), to: 'jo@example.org' },
      at,
    );
    expect(events.map((e) => e.payload)).toMatchObject([
      {
        channel: 'email',
        address: 'jo@example.org',
        reason: 'hard-bounce',
        errorCode: 'SMTP:550:5.1.1',
      },
    ]);
  });

  it('raises nothing for an opt-out, a temporary failure or a code outside the table', () => {
    const sms = renderedEvent(account, 'sms');
    const optOut = classifyTwilioError({ provider: 'twilio', status: 400, code: 21610 });
    const handsetOff = classifyTwilioError({ provider: 'twilio', status: 400, code: 30003 });
    const route = classifyTwilioError({ provider: 'twilio', status: 400, code: 21612 });
    for (const failure of [optOut, handsetOff, route]) {
      expect(unreachableEvents(sms, { ...refused(failure), to: number }, at), failure.code).toEqual(
        [],
      );
    }
    // Nothing known of the address (a last-look stop records none): nothing to mark.
    const invalid = classifyTwilioError({ provider: 'twilio', status: 400, code: 21211 });
    expect(unreachableEvents(sms, refused(invalid), at)).toEqual([]);
  });
});
