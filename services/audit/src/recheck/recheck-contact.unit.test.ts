import { describe, expect, it } from 'vitest';
import { postalAddressText } from '@kindly/contracts';
import { recheckAccount } from './index.js';
import {
  NY_EMAIL,
  NY_MOBILE,
  NY_STREET,
  kindsOf,
  newYorkCustomer,
} from '../testing/recheck-fixtures.js';

const at = '2026-03-10T15:00:00Z';

describe('NO_CONSENT', () => {
  it('finds a text without the consent the policy needs, even if consent came later', () => {
    const history = newYorkCustomer({}, { smsConsent: false })
      .send({ channel: 'sms', at, to: NY_MOBILE })
      .consent('2026-03-11T00:00:00Z', { channel: 'sms', address: NY_MOBILE, basis: 'contract' });
    expect(recheckAccount(history.events).violations).toMatchObject([
      {
        kind: 'NO_CONSENT',
        address: NY_MOBILE,
        requiredBy: 'policy',
        requiredBases: ['contract', 'express-consent', 'written-consent', 'customer-request'],
      },
    ]);
  });

  it('finds a marketing text on a servicing consent (US needs written consent)', () => {
    const history = newYorkCustomer().send({
      channel: 'sms',
      at,
      to: NY_MOBILE,
      purpose: 'marketing',
    });
    const report = recheckAccount(history.events);
    expect(report.violations).toMatchObject([
      { kind: 'NO_CONSENT', requiredBases: ['written-consent'] },
    ]);
    const consented = newYorkCustomer()
      .consent('2026-02-01T00:00:00Z', {
        channel: 'sms',
        address: NY_MOBILE,
        purpose: 'marketing',
        basis: 'written-consent',
      })
      .send({ channel: 'sms', at, to: NY_MOBILE, purpose: 'marketing' });
    expect(kindsOf(recheckAccount(consented.events))).toEqual([]);
  });
});

describe('AFTER_OPT_OUT', () => {
  it('finds a text after a STOP for that number, with the revocation as evidence', () => {
    const history = newYorkCustomer()
      .consent('2026-03-05T00:00:00Z', {
        channel: 'sms',
        address: NY_MOBILE,
        status: 'revoked',
        source: 'sms-reply',
      })
      .send({ channel: 'sms', at, to: NY_MOBILE });
    const report = recheckAccount(history.events);
    expect(kindsOf(report)).toEqual(['AFTER_OPT_OUT', 'NO_CONSENT']);
    expect(report.violations[0]).toMatchObject({
      revocation: { status: 'revoked', at: '2026-03-05T00:00:00Z', type: 'contact.consent' },
    });
    // A STOP after the send changes nothing about it.
    const later = newYorkCustomer()
      .send({ channel: 'sms', at, to: NY_MOBILE })
      .consent('2026-03-11T00:00:00Z', { channel: 'sms', address: NY_MOBILE, status: 'revoked' });
    expect(kindsOf(recheckAccount(later.events))).toEqual([]);
  });

  it('finds an e-mail after an unsubscribe, where no consent is needed', () => {
    const history = newYorkCustomer()
      .consent('2026-03-05T00:00:00Z', {
        channel: 'email',
        address: NY_EMAIL,
        status: 'revoked',
        source: 'email-unsubscribe',
      })
      .send({ channel: 'email', at, to: NY_EMAIL });
    expect(kindsOf(recheckAccount(history.events))).toEqual(['AFTER_OPT_OUT']);
    expect(
      kindsOf(
        recheckAccount(newYorkCustomer().send({ channel: 'email', at, to: NY_EMAIL }).events),
      ),
    ).toEqual([]);
  });
});

describe('TO_UNREACHABLE', () => {
  // A later record of the same New Yorker, with these phones (the rest as the first record).
  const nyRecord = (number: string) => ({
    phones: [{ number, type: 'mobile' as const, primary: true }],
    emails: [{ address: NY_EMAIL, type: 'personal' as const }],
    postalAddresses: [{ lines: [NY_STREET], city: 'New York', region: 'NY', country: 'US' }],
    locale: 'en-US',
    timeZone: 'America/New_York',
    jurisdiction: 'US',
  });
  const withNewNumber = nyRecord('+12125550199');

  it('finds a text to a number known unreachable then, with the finding as evidence', () => {
    const history = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', {
        channel: 'sms',
        address: NY_MOBILE,
        reason: 'landline',
        errorCode: '21614',
      })
      .send({ channel: 'sms', at, to: NY_MOBILE });
    const report = recheckAccount(history.events);
    // Not a consent matter: no opt-out is reported.
    expect(kindsOf(report)).toEqual(['TO_UNREACHABLE']);
    expect(report.violations[0]).toMatchObject({
      address: NY_MOBILE,
      unreachable: {
        type: 'contact.unreachable',
        reason: 'landline',
        errorCode: '21614',
        at: '2026-03-05T00:00:00Z',
      },
    });
  });

  it('finds nothing when it was found after the send, or for another number or channel', () => {
    const later = newYorkCustomer()
      .send({ channel: 'sms', at, to: NY_MOBILE })
      .unreachable('2026-03-11T00:00:00Z', { channel: 'sms', address: NY_MOBILE });
    expect(kindsOf(recheckAccount(later.events))).toEqual([]);
    const voice = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', { channel: 'voice', address: NY_MOBILE })
      .send({ channel: 'sms', at, to: NY_MOBILE });
    expect(kindsOf(recheckAccount(voice.events))).toEqual([]);
  });

  it('holds until a contact record gives a new address; the same one again changes nothing', () => {
    const unreachable = { channel: 'sms' as const, address: NY_MOBILE };
    const same = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', unreachable)
      .contact('2026-03-06T00:00:00Z', nyRecord(NY_MOBILE))
      .send({ channel: 'sms', at, to: NY_MOBILE });
    expect(kindsOf(recheckAccount(same.events))).toContain('TO_UNREACHABLE');
    // The bank gave another number, then the old one again: it is new again, and may be texted.
    const readded = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', unreachable)
      .contact('2026-03-06T00:00:00Z', withNewNumber)
      .contact('2026-03-07T00:00:00Z', nyRecord(NY_MOBILE))
      .send({ channel: 'sms', at, to: NY_MOBILE });
    expect(kindsOf(recheckAccount(readded.events))).toEqual([]);
  });

  it('holds until a later report says the number is reachable; a mark after that holds again', () => {
    const mark = { channel: 'sms' as const, address: NY_MOBILE, reason: 'landline' as const };
    const reachable = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', mark)
      .unreachable('2026-03-06T00:00:00Z', { ...mark, status: 'reachable', source: 'bank' })
      .send({ channel: 'sms', at, to: NY_MOBILE });
    expect(kindsOf(recheckAccount(reachable.events))).toEqual([]);
    const markedAgain = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', mark)
      .unreachable('2026-03-06T00:00:00Z', { ...mark, status: 'reachable', source: 'bank' })
      .unreachable('2026-03-07T00:00:00Z', mark)
      .send({ channel: 'sms', at, to: NY_MOBILE });
    expect(kindsOf(recheckAccount(markedAgain.events))).toEqual(['TO_UNREACHABLE']);
  });

  it('lets a temporary mark lapse 30 days after it was found, not a fact about the address', () => {
    const sendAt = Date.parse(at);
    const daysBefore = (days: number, plusMs = 0) =>
      new Date(sendAt - days * 86_400_000 + plusMs).toISOString();
    const email = (reason: 'soft-bounces' | 'hard-bounce', found: string) =>
      newYorkCustomer()
        .unreachable(found, { channel: 'email', address: NY_EMAIL, reason })
        .send({ channel: 'email', at, to: NY_EMAIL });
    expect(kindsOf(recheckAccount(email('soft-bounces', daysBefore(30)).events))).toEqual([]);
    expect(kindsOf(recheckAccount(email('soft-bounces', daysBefore(30, 1000)).events))).toEqual([
      'TO_UNREACHABLE',
    ]);
    expect(kindsOf(recheckAccount(email('hard-bounce', daysBefore(30)).events))).toEqual([
      'TO_UNREACHABLE',
    ]);
  });

  it('finds an e-mail to a hard-bounced address and a letter to a returned one', () => {
    const email = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', {
        channel: 'email',
        address: NY_EMAIL.toUpperCase(),
        reason: 'hard-bounce',
      })
      .send({ channel: 'email', at, to: NY_EMAIL });
    expect(kindsOf(recheckAccount(email.events))).toEqual(['TO_UNREACHABLE']);
    const letter = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', {
        channel: 'letter',
        address: 'postal',
        reason: 'returned-mail',
        source: 'bank',
      })
      .send({ channel: 'letter', at, to: NY_STREET });
    expect(kindsOf(recheckAccount(letter.events))).toContain('TO_UNREACHABLE');
    const moved = newYorkCustomer()
      .unreachable('2026-03-05T00:00:00Z', { channel: 'letter', address: 'postal' })
      .contact('2026-03-06T00:00:00Z', {
        ...nyRecord(NY_MOBILE),
        postalAddresses: [{ lines: ['2 Other Street'], city: 'New York', country: 'US' }],
      })
      .send({ channel: 'letter', at, to: '2 Other Street' });
    expect(kindsOf(recheckAccount(moved.events))).not.toContain('TO_UNREACHABLE');
  });
});

describe('WRONG_ADDRESS', () => {
  it('finds a text to a number the contact record in force did not have', () => {
    const other = '+12125550199';
    const history = newYorkCustomer()
      .consent('2026-01-01T00:00:00Z', { channel: 'sms', address: other, basis: 'contract' })
      .send({ channel: 'sms', at, to: other })
      // Added to the record only after the send: too late.
      .contact('2026-03-11T00:00:00Z', {
        phones: [{ number: other, type: 'mobile', primary: true }],
        timeZone: 'America/New_York',
        jurisdiction: 'US',
      });
    expect(recheckAccount(history.events).violations).toMatchObject([
      {
        kind: 'WRONG_ADDRESS',
        used: other,
        inForce: [NY_MOBILE],
        contact: { occurredAt: '2026-01-01T00:00:00Z' },
      },
    ]);
  });

  it('matches opaque address keys by equality, and a letter by its first line', () => {
    const phone = 'ah:3f9a01';
    const street = 'ah:77c2e4';
    const keyed = () =>
      newYorkCustomer({
        phones: [{ number: phone, type: 'mobile', primary: true }],
        postalAddresses: [{ lines: [street], city: 'ah:0b1c', country: 'US' }],
      }).consent('2026-01-01T00:00:00Z', { channel: 'sms', address: phone, basis: 'contract' });
    const fine = keyed()
      .send({ channel: 'sms', at, to: phone })
      .send({ channel: 'letter', at: '2026-03-11T15:00:00Z', to: street });
    expect(kindsOf(recheckAccount(fine.events))).toEqual([]);
    const wrong = keyed().send({ channel: 'letter', at, to: 'ah:99aa00' });
    expect(recheckAccount(wrong.events).violations).toMatchObject([
      { kind: 'WRONG_ADDRESS', used: 'ah:99aa00', inForce: [street] },
    ]);
  });

  it('reports no wrong address when the audit does not know the address', () => {
    const history = newYorkCustomer().send({ channel: 'letter', at });
    expect(kindsOf(recheckAccount(history.events))).toEqual([]);
  });

  it('matches a letter sent in clear by the whole address, as the dispatcher writes it', () => {
    const text = postalAddressText({ lines: [NY_STREET], city: 'New York', country: 'US' });
    const sent = (to: string) => newYorkCustomer().send({ channel: 'letter', at, to }).events;
    expect(kindsOf(recheckAccount(sent(text)))).toEqual([]);
    expect(kindsOf(recheckAccount(sent(text.replace('1 Example', '9 Other'))))).toEqual([
      'WRONG_ADDRESS',
    ]);
  });
});

describe('AT_WORK', () => {
  it('finds an e-mail to a work address the customer may not be contacted at', () => {
    const work = 'jo@corp.example';
    const history = newYorkCustomer({
      emails: [{ address: work, type: 'work' }],
      doNotContactAtWork: true,
    }).send({ channel: 'email', at, to: work });
    expect(kindsOf(recheckAccount(history.events))).toEqual(['AT_WORK', 'NO_CONSENT']);
  });
});
