import { describe, expect, it } from 'vitest';
import { ContactUnreachableV1 } from '@kindly/contracts';
import { unreachableEvent, type Unreachable } from './unreachable-event.js';

const known = { tenantId: 'bank-a', accountId: 'acc-1' };
const found: Unreachable = {
  reason: 'landline',
  cause: 'twilio-status:SM1',
  evidenceRef: 'twilio-sms:SM1',
  errorCode: '30006',
  at: '2026-03-02T10:00:00.000Z',
  correlationId: 'corr-1',
  causationId: 'outcome-1',
};

describe('unreachableEvent', () => {
  it('builds a valid contact.unreachable, from the tracker unless told otherwise', () => {
    const event = unreachableEvent(known, 'sms', '+14155550123', found);
    expect(ContactUnreachableV1.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({
      type: 'contact.unreachable',
      tenantId: 'bank-a',
      occurredAt: found.at,
      correlationId: 'corr-1',
      causationId: 'outcome-1',
      payload: {
        accountId: 'acc-1',
        channel: 'sms',
        address: '+14155550123',
        reason: 'landline',
        source: 'tracker',
        at: found.at,
        evidenceRef: 'twilio-sms:SM1',
        errorCode: '30006',
      },
    });
    const byAgent = unreachableEvent(known, 'voice', '+14155550123', {
      ...found,
      reason: 'wrong-party',
      source: 'agent',
    });
    expect(byAgent.payload).toMatchObject({ channel: 'voice', source: 'agent' });
  });

  it('gives the same report the same id, and another report, account or address another', () => {
    const id = unreachableEvent(known, 'sms', '+14155550123', found).eventId;
    expect(unreachableEvent(known, 'sms', '+14155550123', found).eventId).toBe(id);
    const others = [
      unreachableEvent(known, 'sms', '+14155550123', { ...found, cause: 'twilio-status:SM2' }),
      unreachableEvent({ ...known, accountId: 'acc-2' }, 'sms', '+14155550123', found),
      unreachableEvent({ ...known, tenantId: 'bank-b' }, 'sms', '+14155550123', found),
      unreachableEvent(known, 'sms', '+14155550124', found),
      unreachableEvent(known, 'voice', '+14155550123', found),
      unreachableEvent(known, 'sms', '+14155550123', { ...found, reason: 'invalid-number' }),
    ].map((event) => event.eventId);
    expect(new Set([id, ...others]).size).toBe(others.length + 1);
  });

  it('takes e-mail and postal addresses, and drops evidence or a code that is not one', () => {
    const email = unreachableEvent(known, 'email', 'li.wei@example.com', {
      ...found,
      reason: 'hard-bounce',
      evidenceRef: 'free text with spaces',
      errorCode: 'not a code',
    });
    expect(email.payload).not.toHaveProperty('evidenceRef');
    expect(email.payload).not.toHaveProperty('errorCode');
    const letter = unreachableEvent(known, 'letter', 'postal', {
      ...found,
      reason: 'returned-mail',
    });
    expect(letter.payload).toMatchObject({ channel: 'letter', address: 'postal' });
  });

  it('refuses an address that does not fit the channel', () => {
    expect(() => unreachableEvent(known, 'sms', 'li.wei@example.com', found)).toThrow();
    expect(() => unreachableEvent(known, 'letter', '1 Main St', found)).toThrow();
  });
});
