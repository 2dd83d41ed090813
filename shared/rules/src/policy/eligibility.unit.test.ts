import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { checkEligibility } from './eligibility.js';
import type { AccountState, ContactState, MessageToCheck } from './eligibility-types.js';
import { loadPolicy } from './load-policy.js';
import { jurisdictionPolicy } from './policy-lookup.js';

const policy = loadPolicy(
  readFileSync(new URL('../../policy/default-policy.yaml', import.meta.url), 'utf8'),
);
const US = jurisdictionPolicy(policy, 'US');
const GB = jurisdictionPolicy(policy, 'GB');
const NOW = DateTime.fromISO('2026-03-10T15:00:00Z', { zone: 'utc' });
const MOBILE = '+12125550100';
const WORK_PHONE = '+12125550199';

const account: AccountState = {
  flags: [],
  overdueAmount: { amountMinor: 12_000, currency: 'USD' },
  overdueSince: '2026-03-01T00:00:00Z',
};

const contact: ContactState = {
  timeZone: 'America/New_York',
  phones: [
    { number: MOBILE, type: 'mobile' },
    { number: WORK_PHONE, type: 'work' },
  ],
  emails: [
    { address: 'ann@example.com', type: 'personal' },
    { address: 'ann@employer.example', type: 'work' },
  ],
  hasPostalAddress: true,
  consents: [
    {
      channel: 'sms',
      address: MOBILE,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      at: '2025-01-01T00:00:00Z',
    },
  ],
  optOuts: [],
  doNotContactAtWork: false,
  unreachable: [],
};

const sms: MessageToCheck = { channel: 'sms', purpose: 'servicing', address: MOBILE };

function check(
  overrides: {
    account?: Partial<AccountState>;
    contact?: Partial<ContactState>;
    message?: Partial<MessageToCheck>;
  } = {},
  jurisdiction = US,
  now = NOW,
) {
  return checkEligibility({
    account: { ...account, ...overrides.account },
    contact: { ...contact, ...overrides.contact },
    message: { ...sms, ...overrides.message },
    policy: jurisdiction,
    now,
  });
}

describe('account flags', () => {
  it('allows a servicing SMS with a contract consent on a plain overdue account', () => {
    expect(check()).toEqual({ allowed: true });
  });

  it.each([
    ['dispute', 'DISPUTE'],
    ['bankruptcy', 'BANKRUPTCY'],
    ['deceased', 'DECEASED'],
    ['cease-communication', 'CEASE_COMMUNICATION'],
    ['attorney-represented', 'ATTORNEY_REPRESENTED'],
    ['legal-hold', 'LEGAL_HOLD'],
  ] as const)('%s suppresses servicing and marketing', (flag, reason) => {
    expect(check({ account: { flags: [flag] } })).toEqual({ allowed: false, reasons: [reason] });
    const marketing = check({
      account: { flags: [flag] },
      message: { channel: 'letter', purpose: 'marketing', address: 'postal' },
    });
    expect(marketing.allowed ? [] : marketing.reasons).toContain(reason);
  });

  it('lets only the lawful notices through after a cease-communication request', () => {
    const letter = { channel: 'letter', address: 'postal' } as const;
    const flags = ['cease-communication'] as const;
    expect(
      check({ account: { flags }, message: { ...letter, templateKind: 'cease-remedy-intended' } }),
    ).toEqual({ allowed: true });
    expect(
      check({ account: { flags }, message: { ...letter, templateKind: 'stage-2-reminder' } }),
    ).toEqual({
      allowed: false,
      reasons: ['CEASE_COMMUNICATION'],
    });
  });

  it('lets nothing through to an attorney-represented customer, whatever the kind', () => {
    const message = { templateKind: 'cease-remedy-intended' };
    expect(check({ account: { flags: ['attorney-represented'] }, message })).toMatchObject({
      allowed: false,
    });
  });

  it('does not suppress for charged-off alone', () => {
    expect(check({ account: { flags: ['charged-off'] } })).toEqual({ allowed: true });
  });

  it('reports every reason, not just the first', () => {
    const result = check({
      account: { flags: ['legal-hold', 'bankruptcy', 'dispute'] },
      contact: { optOuts: [{ channel: 'sms' }] },
    });
    expect(result).toEqual({
      allowed: false,
      reasons: ['OPTED_OUT', 'DISPUTE', 'BANKRUPTCY', 'LEGAL_HOLD'],
    });
  });
});

describe('cured and paid', () => {
  it('suppresses everything once the account is cured', () => {
    expect(check({ account: { flags: ['cured'] } })).toEqual({
      allowed: false,
      reasons: ['CURED'],
    });
    expect(check({ account: { overdueAmount: { amountMinor: 0, currency: 'USD' } } })).toEqual({
      allowed: false,
      reasons: ['CURED'],
    });
  });

  it('suppresses after a curing payment in this cycle, not one from an older cycle', () => {
    const paid = { at: '2026-03-09T12:00:00Z', curesAccount: true };
    expect(check({ account: { lastPayment: paid } })).toEqual({
      allowed: false,
      reasons: ['PAID'],
    });
    const old = { at: '2026-02-20T12:00:00Z', curesAccount: true };
    expect(check({ account: { lastPayment: old } })).toEqual({ allowed: true });
    const partial = { at: '2026-03-09T12:00:00Z', curesAccount: false };
    expect(check({ account: { lastPayment: partial } })).toEqual({ allowed: true });
  });
});

describe('arrangements', () => {
  const promise = { kind: 'promise-to-pay', status: 'made', promisedDate: '2026-03-12' } as const;

  it('pauses until the start of the day after the promised date plus grace, local time', () => {
    // Grace 2 days: the customer may pay through 2026-03-14; contact resumes 03-15 00:00 EDT.
    expect(check({ account: { arrangement: promise } })).toEqual({
      allowed: false,
      reasons: ['PROMISE_PENDING'],
      pausedUntil: DateTime.fromISO('2026-03-15T04:00:00Z', { zone: 'utc' }),
    });
    const later = DateTime.fromISO('2026-03-15T04:00:00Z');
    expect(check({ account: { arrangement: promise } }, US, later)).toEqual({ allowed: true });
  });

  it('uses the latest resume time over every candidate zone', () => {
    const result = check({
      account: { arrangement: { ...promise, graceDays: 0 } },
      contact: { candidateTimeZones: ['Pacific/Honolulu'] },
    });
    expect(result).toMatchObject({
      pausedUntil: DateTime.fromISO('2026-03-13T10:00:00Z', { zone: 'utc' }),
    });
  });

  it('resumes at once when the promise is broken', () => {
    expect(check({ account: { arrangement: { ...promise, status: 'broken' } } })).toEqual({
      allowed: true,
    });
  });

  it('pauses while an instalment plan is kept, until after the next instalment plus grace', () => {
    const plan = {
      kind: 'instalment-plan',
      status: 'kept',
      schedule: [{ dueDate: '2026-02-20' }, { dueDate: '2026-03-20' }, { dueDate: '2026-04-20' }],
    } as const;
    expect(check({ account: { arrangement: plan } })).toEqual({
      allowed: false,
      reasons: ['PLAN_ACTIVE'],
      pausedUntil: DateTime.fromISO('2026-03-24T04:00:00Z', { zone: 'utc' }),
    });
    expect(check({ account: { arrangement: { ...plan, status: 'broken' } } })).toEqual({
      allowed: true,
    });
  });
});

describe('consent', () => {
  const marketingSms = { purpose: 'marketing' } as const;
  const consent = {
    channel: 'sms',
    address: MOBILE,
    purpose: 'marketing',
    status: 'granted',
    basis: 'written-consent',
    at: '2026-01-01T00:00:00Z',
  } as const;

  it('needs a granted marketing consent for the channel and address', () => {
    expect(check({ message: marketingSms })).toEqual({ allowed: false, reasons: ['NO_CONSENT'] });
    const withConsent = { consents: [...contact.consents, consent] };
    expect(check({ message: marketingSms, contact: withConsent })).toEqual({ allowed: true });
    const otherNumber = { consents: [{ ...consent, address: WORK_PHONE }] };
    expect(check({ message: marketingSms, contact: otherNumber })).toMatchObject({
      allowed: false,
    });
  });

  it('needs written consent for US marketing texts, and takes a soft opt-in in the UK', () => {
    const express = { consents: [{ ...consent, basis: 'express-consent' as const }] };
    expect(check({ message: marketingSms, contact: express })).toEqual({
      allowed: false,
      reasons: ['NO_CONSENT'],
    });
    const softEmail = {
      consents: [
        {
          ...consent,
          channel: 'email' as const,
          address: 'ann@example.com',
          basis: 'soft-opt-in' as const,
        },
      ],
    };
    const email = { channel: 'email', purpose: 'marketing', address: 'ann@example.com' } as const;
    expect(check({ message: email, contact: softEmail }, GB)).toEqual({ allowed: true });
    expect(check({ message: email, contact: softEmail }, US)).toMatchObject({ allowed: false });
  });

  it('treats a later revocation as an opt-out, and ignores a record dated after now', () => {
    const revoked = { ...consent, status: 'revoked' as const, at: '2026-02-01T00:00:00Z' };
    expect(check({ message: marketingSms, contact: { consents: [consent, revoked] } })).toEqual({
      allowed: false,
      reasons: ['NO_CONSENT', 'OPTED_OUT'],
    });
    const future = { ...consent, at: '2026-04-01T00:00:00Z' };
    expect(check({ message: marketingSms, contact: { consents: [future] } })).toMatchObject({
      reasons: ['NO_CONSENT'],
    });
  });

  it('needs consent or a contract basis for servicing texts, but not for servicing e-mail', () => {
    expect(check({ contact: { consents: [] } })).toEqual({
      allowed: false,
      reasons: ['NO_CONSENT'],
    });
    const email = { channel: 'email', address: 'ann@example.com' } as const;
    expect(check({ message: email, contact: { consents: [] } })).toEqual({ allowed: true });
  });
});

describe('opt-outs, work and addresses', () => {
  it('honours an opt-out by medium, by address, and from marketing only', () => {
    const call = { channel: 'agent-call', address: MOBILE } as const;
    expect(check({ message: call, contact: { optOuts: [{ channel: 'voice' }] } })).toEqual({
      allowed: false,
      reasons: ['OPTED_OUT'],
    });
    expect(check({ contact: { optOuts: [{ address: MOBILE }] } })).toMatchObject({
      reasons: ['OPTED_OUT'],
    });
    const objection = { optOuts: [{ purpose: 'marketing' as const }] };
    expect(check({ contact: objection })).toEqual({ allowed: true });
  });

  it('keeps away from work numbers and work e-mail when asked, and from work e-mail without consent', () => {
    const workCall = { channel: 'agent-call', address: WORK_PHONE } as const;
    expect(check({ message: workCall, contact: { doNotContactAtWork: true } })).toEqual({
      allowed: false,
      reasons: ['DO_NOT_CONTACT_AT_WORK'],
    });
    expect(check({ message: workCall })).toEqual({ allowed: true });
    const workEmail = { channel: 'email', address: 'ann@employer.example' } as const;
    expect(check({ message: workEmail })).toEqual({ allowed: false, reasons: ['NO_CONSENT'] });
  });

  it('refuses an unknown address, an unreachable one, and a letter with no postal address', () => {
    const unknown = check({ message: { address: '+12125550123' } });
    expect(unknown.allowed ? [] : unknown.reasons).toContain('NO_ADDRESS');
    const bounced = { unreachable: [{ channel: 'sms' as const, address: MOBILE }] };
    expect(check({ contact: bounced })).toEqual({ allowed: false, reasons: ['INVALID_ADDRESS'] });
    const letter = { channel: 'letter', address: 'postal' } as const;
    expect(check({ message: letter, contact: { hasPostalAddress: false } })).toEqual({
      allowed: false,
      reasons: ['NO_ADDRESS'],
    });
  });
});
