import { describe, expect, it } from 'vitest';
import { issuePathsOf } from '../testing-fixtures/issue-paths.js';
import { without } from '../testing-fixtures/without.js';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { ContactConsentV1 } from './contact-consent.v1.js';
import { ContactUnreachableV1, UnreachableReason } from './contact-unreachable.v1.js';
import { ContactUpdatedV1 } from './contact-updated.v1.js';

describe('contact.updated v1', () => {
  const event = sampleEvents['contact.updated'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });
  const phone = event.payload.phones[0]!;

  it('accepts a full record, and one with only what is required', () => {
    expect(issuePathsOf(ContactUpdatedV1, event)).toEqual([]);
    const minimal = {
      accountId: 'acc-0002',
      name: { family: 'Smith', given: 'Jane' },
      phones: [],
      emails: [],
      postalAddresses: [],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: ['America/Chicago'],
      jurisdiction: 'US-MA',
      preferredWindows: [],
      doNotContactAtWork: false,
    };
    expect(issuePathsOf(ContactUpdatedV1, { ...event, payload: minimal })).toEqual([]);
  });

  it('refuses a time zone that does not exist, wherever it is', () => {
    expect(issuePathsOf(ContactUpdatedV1, withPayload({ timeZone: 'Mars/Base' }))).toEqual([
      'payload.timeZone',
    ]);
    expect(
      issuePathsOf(ContactUpdatedV1, withPayload({ candidateTimeZones: ['UTC', 'Mars/Base'] })),
    ).toEqual(['payload.candidateTimeZones[1]']);
  });

  it('wants phone numbers in E.164, and one primary at most', () => {
    const local = withPayload({ phones: [{ ...phone, number: '138 0013 8000' }] });
    expect(issuePathsOf(ContactUpdatedV1, local)).toEqual(['payload.phones[0].number']);
    const twoPrimaries = withPayload({
      phones: [phone, { ...phone, number: '+8613900139000', type: 'home' }],
    });
    expect(issuePathsOf(ContactUpdatedV1, twoPrimaries)).toEqual(['payload.phones']);
    const fax = withPayload({ phones: [{ ...phone, type: 'fax' }] });
    expect(issuePathsOf(ContactUpdatedV1, fax)).toEqual(['payload.phones[0].type']);
  });

  it('refuses unknown fields inside nested records', () => {
    const extra = withPayload({ phones: [{ ...phone, verified: true }] });
    expect(issuePathsOf(ContactUpdatedV1, extra)).toEqual(['payload.phones[0].verified']);
  });

  it('checks e-mail, postal country, locale and jurisdiction', () => {
    const mail = withPayload({ emails: [{ address: 'li.wei(at)example.com', type: 'personal' }] });
    expect(issuePathsOf(ContactUpdatedV1, mail)).toEqual(['payload.emails[0].address']);
    const address = { ...event.payload.postalAddresses[0], country: 'CHN' };
    expect(issuePathsOf(ContactUpdatedV1, withPayload({ postalAddresses: [address] }))).toEqual([
      'payload.postalAddresses[0].country',
    ]);
    expect(issuePathsOf(ContactUpdatedV1, withPayload({ locale: 'zh_CN' }))).toEqual([
      'payload.locale',
    ]);
    expect(issuePathsOf(ContactUpdatedV1, withPayload({ jurisdiction: 'Massachusetts' }))).toEqual([
      'payload.jurisdiction',
    ]);
  });

  it('checks preferred windows: days 1 to 7, HH:mm, end after start', () => {
    const windowOf = (window: Record<string, unknown>) =>
      withPayload({ preferredWindows: [{ days: [1], start: '18:00', end: '21:00', ...window }] });
    expect(issuePathsOf(ContactUpdatedV1, windowOf({}))).toEqual([]);
    expect(issuePathsOf(ContactUpdatedV1, windowOf({ end: '24:00' }))).toEqual([]);
    expect(issuePathsOf(ContactUpdatedV1, windowOf({ days: [0] }))).toEqual([
      'payload.preferredWindows[0].days[0]',
    ]);
    expect(issuePathsOf(ContactUpdatedV1, windowOf({ days: [8] }))).toEqual([
      'payload.preferredWindows[0].days[0]',
    ]);
    expect(issuePathsOf(ContactUpdatedV1, windowOf({ start: '6pm' }))).toEqual([
      'payload.preferredWindows[0].start',
    ]);
    expect(issuePathsOf(ContactUpdatedV1, windowOf({ start: '22:00', end: '08:00' }))).toEqual([
      'payload.preferredWindows[0].end',
    ]);
  });

  it('takes appointments as instants, and the work flag as a boolean', () => {
    const local = withPayload({ appointments: [{ at: '2025-03-10 19:00' }] });
    expect(issuePathsOf(ContactUpdatedV1, local)).toEqual(['payload.appointments[0].at']);
    expect(issuePathsOf(ContactUpdatedV1, withPayload({ doNotContactAtWork: 'yes' }))).toEqual([
      'payload.doNotContactAtWork',
    ]);
  });
});

describe('contact.consent v1', () => {
  const event = sampleEvents['contact.consent'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts consent for each channel with its kind of address', () => {
    expect(issuePathsOf(ContactConsentV1, event)).toEqual([]);
    const cases = [
      { channel: 'voice', address: '+14155550123' },
      { channel: 'email', address: 'li.wei@example.com' },
      { channel: 'letter', address: 'postal' },
    ];
    for (const changes of cases) {
      expect(issuePathsOf(ContactConsentV1, withPayload(changes)), changes.channel).toEqual([]);
    }
  });

  it('refuses an address that does not fit the channel', () => {
    expect(issuePathsOf(ContactConsentV1, withPayload({ address: 'li.wei@example.com' }))).toEqual([
      'payload.address',
    ]);
    const email = withPayload({ channel: 'email', address: '+8613800138000' });
    expect(issuePathsOf(ContactConsentV1, email)).toEqual(['payload.address']);
    const letter = withPayload({ channel: 'letter', address: '上海' });
    expect(issuePathsOf(ContactConsentV1, letter)).toEqual(['payload.address']);
  });

  it('records a revocation with its basis and source', () => {
    const stop = withPayload({ status: 'revoked', basis: 'customer-request', source: 'sms-reply' });
    expect(issuePathsOf(ContactConsentV1, stop)).toEqual([]);
  });

  it('refuses unknown channels, purposes, bases and sources, and a missing basis', () => {
    expect(issuePathsOf(ContactConsentV1, withPayload({ channel: 'push' }))).toEqual([
      'payload.channel',
    ]);
    expect(issuePathsOf(ContactConsentV1, withPayload({ purpose: 'collection' }))).toEqual([
      'payload.purpose',
    ]);
    expect(issuePathsOf(ContactConsentV1, withPayload({ basis: 'implied' }))).toEqual([
      'payload.basis',
    ]);
    expect(issuePathsOf(ContactConsentV1, withPayload({ source: 'rumour' }))).toEqual([
      'payload.source',
    ]);
    const withoutBasis = without(event.payload, 'basis');
    expect(issuePathsOf(ContactConsentV1, { ...event, payload: withoutBasis })).toEqual([
      'payload.basis',
    ]);
  });
});

describe('contact.unreachable v1', () => {
  const event = sampleEvents['contact.unreachable'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts each channel with its kind of address, and only what is required', () => {
    expect(issuePathsOf(ContactUnreachableV1, event)).toEqual([]);
    const cases = [
      { channel: 'voice', address: '+14155550123', reason: 'wrong-party', source: 'agent' },
      {
        channel: 'email',
        address: 'li.wei@example.com',
        reason: 'hard-bounce',
        errorCode: '5.1.1',
      },
      { channel: 'letter', address: 'postal', reason: 'returned-mail', source: 'bank' },
    ];
    for (const changes of cases) {
      expect(issuePathsOf(ContactUnreachableV1, withPayload(changes)), changes.channel).toEqual([]);
    }
    const minimal = without(event.payload, 'evidenceRef', 'errorCode');
    expect(issuePathsOf(ContactUnreachableV1, { ...event, payload: minimal })).toEqual([]);
  });

  it('names every reason the tracker, the replies and the reassigned-numbers check need', () => {
    expect(UnreachableReason.options).toEqual([
      'hard-bounce',
      'soft-bounces',
      'invalid-number',
      'unreachable-number',
      'landline',
      'blocked',
      'returned-mail',
      'wrong-party',
      'reassigned',
    ]);
  });

  it('refuses an address that does not fit the channel', () => {
    const email = withPayload({ channel: 'email', address: '+8613800138000' });
    expect(issuePathsOf(ContactUnreachableV1, email)).toEqual(['payload.address']);
    const letter = withPayload({ channel: 'letter', address: '上海' });
    expect(issuePathsOf(ContactUnreachableV1, letter)).toEqual(['payload.address']);
  });

  it('refuses unknown reasons and sources, free text as evidence, and a consent field', () => {
    expect(issuePathsOf(ContactUnreachableV1, withPayload({ reason: 'annoyed' }))).toEqual([
      'payload.reason',
    ]);
    expect(issuePathsOf(ContactUnreachableV1, withPayload({ source: 'rumour' }))).toEqual([
      'payload.source',
    ]);
    expect(
      issuePathsOf(ContactUnreachableV1, withPayload({ evidenceRef: 'the customer said so' })),
    ).toEqual(['payload.evidenceRef']);
    expect(issuePathsOf(ContactUnreachableV1, withPayload({ errorCode: '30 06' }))).toEqual([
      'payload.errorCode',
    ]);
    expect(issuePathsOf(ContactUnreachableV1, withPayload({ purpose: 'servicing' }))).toEqual([
      'payload.purpose',
    ]);
  });
});
