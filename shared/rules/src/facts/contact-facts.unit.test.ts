import { describe, expect, it } from 'vitest';
import { ChannelStep } from '../strategy/strategy-schema.js';
import { chooseWording } from './choose-wording.js';
import {
  ContactFactList,
  channelsTried,
  contactFactText,
  factHolds,
  factReasonCode,
  factsCovered,
  factsNotHeld,
  parseContactFact,
  type ContactAttempt,
  type ContactFact,
} from './contact-facts.js';

const at = '2026-03-04T02:00:00Z';
const sms: ContactAttempt = { channel: 'sms', at, reached: true };
const email: ContactAttempt = { channel: 'email', at, reached: false };
const noAnswer: ContactAttempt = { channel: 'agent-call', at, reached: false };
const conversation: ContactAttempt = { channel: 'agent-call', at, reached: true };

const fact = (text: string): ContactFact => {
  const parsed = parseContactFact(text);
  if (parsed === undefined) throw new Error(`not a fact: ${text}`);
  return parsed;
};

describe('the facts a message may state about the contact history', () => {
  it('reads and writes each fact of the vocabulary, and nothing else', () => {
    for (const text of [
      'call-attempted',
      'call-reached',
      'call-unanswered',
      'contacted-by:sms',
      'contacted-by:agent-call',
      'contacted-before-count>=2',
      'contacted-before-count>=20',
    ]) {
      expect(contactFactText(fact(text))).toBe(text);
    }
    for (const text of [
      'called',
      'contacted-by:fax',
      'contacted-before-count>=0',
      'contacted-before-count>=21',
      'contacted-before-count>2',
      ' call-attempted',
    ]) {
      expect(parseContactFact(text), text).toBeUndefined();
    }
    expect(ContactFactList.safeParse(['call-attempted', 'call-attempted']).success).toBe(false);
    const refused = ContactFactList.safeParse(['we-called']);
    expect(refused.error?.issues[0]?.message).toMatch(/"we-called" is not a fact/);
  });

  it('holds a call as attempted only when an agent called, answered or not', () => {
    expect(factHolds(fact('call-attempted'), [])).toBe(false);
    expect(factHolds(fact('call-attempted'), [sms, email])).toBe(false);
    expect(factHolds(fact('call-attempted'), [noAnswer])).toBe(true);
    expect(factHolds(fact('call-reached'), [noAnswer])).toBe(false);
    expect(factHolds(fact('call-reached'), [noAnswer, conversation])).toBe(true);
    expect(factHolds(fact('call-unanswered'), [])).toBe(false);
    expect(factHolds(fact('call-unanswered'), [noAnswer, noAnswer])).toBe(true);
    expect(factHolds(fact('call-unanswered'), [noAnswer, conversation])).toBe(false);
  });

  it('counts the earlier attempts and the channels they used', () => {
    expect(factHolds(fact('contacted-by:email'), [sms])).toBe(false);
    expect(factHolds(fact('contacted-by:email'), [sms, email])).toBe(true);
    expect(factHolds(fact('contacted-before-count>=2'), [sms])).toBe(false);
    expect(factHolds(fact('contacted-before-count>=2'), [sms, sms])).toBe(true);
    expect(
      factsNotHeld([fact('contacted-before-count>=2'), fact('call-attempted')], [sms, sms]),
    ).toEqual([{ kind: 'call-attempted' }]);
    expect(channelsTried([noAnswer, email, sms, sms])).toEqual(['sms', 'email', 'agent-call']);
  });

  it('records a fact relied on as a reason code, and checks a wording covers its template', () => {
    expect(factReasonCode(fact('call-attempted'))).toBe('ASSERTS_CALL_ATTEMPTED');
    expect(factReasonCode(fact('contacted-by:agent-call'))).toBe('ASSERTS_CONTACTED_BY_AGENT_CALL');
    expect(factReasonCode(fact('contacted-before-count>=2'))).toBe(
      'ASSERTS_CONTACTED_BEFORE_COUNT_2',
    );
    expect(factsCovered([fact('call-attempted')], [fact('call-attempted')])).toBe(true);
    expect(factsCovered([], [fact('call-attempted')])).toBe(true);
    expect(factsCovered([fact('call-reached')], [fact('call-attempted')])).toBe(false);
  });
});

describe('the wording of a step', () => {
  const plain = {
    channel: 'sms',
    templateId: 'personal-contact-sms',
    purpose: 'servicing',
    fallbackAfter: '48h',
  };
  const step = ChannelStep.parse({
    ...plain,
    wordings: [
      {
        templateId: 'personal-contact-after-call-sms',
        asserts: ['call-attempted', 'call-unanswered'],
      },
    ],
  });

  it('is the plain template unless every fact of a wording holds', () => {
    expect(chooseWording(step, [])).toEqual({ templateId: 'personal-contact-sms', asserts: [] });
    expect(chooseWording(step, [sms, email]).templateId).toBe('personal-contact-sms');
    expect(chooseWording(step, [noAnswer, conversation]).templateId).toBe('personal-contact-sms');
    expect(chooseWording(step, [sms, noAnswer])).toEqual({
      templateId: 'personal-contact-after-call-sms',
      asserts: [{ kind: 'call-attempted' }, { kind: 'call-unanswered' }],
    });
  });

  it('refuses a wording with no facts or an unknown one', () => {
    const wordings = (asserts: string[]) =>
      ChannelStep.safeParse({ ...plain, wordings: [{ templateId: 'x-sms', asserts }] }).success;
    expect(wordings([])).toBe(false);
    expect(wordings(['we-tried'])).toBe(false);
    expect(wordings(['contacted-by:letter'])).toBe(true);
  });
});
