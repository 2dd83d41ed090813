/**
 * Properties over generated accounts, contacts and messages, against the default policy of
 * every jurisdiction: no marketing without a granted marketing consent in force for that
 * channel and address; nothing to an opted-out address; nothing with a suppressing flag or for a
 * cured account.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { SuppressionReason } from '@kindly/contracts';
import { AccountFlag, ConsentBasis, type ContactChannel } from '@kindly/contracts';
import { contactChannelOf } from './contact-checks.js';
import { checkEligibility } from './eligibility.js';
import type { AccountState, ContactState, MessageToCheck, OptOut } from './eligibility-types.js';
import { loadPolicy } from './load-policy.js';

const policy = loadPolicy(
  readFileSync(new URL('../../policy/default-policy.yaml', import.meta.url), 'utf8'),
);
const NOW = DateTime.fromISO('2026-06-15T12:00:00Z', { zone: 'utc' });
const PHONES = ['+12125550100', '+12125550101'];
const EMAILS = ['a@example.com', 'b@example.com'];
const FLAGS: readonly AccountFlag[] = AccountFlag.options;
const BASES: readonly ConsentBasis[] = ConsentBasis.options;

const instantArb = fc
  .integer({ min: -200, max: 30 })
  .map((days) => NOW.plus({ days }).toUTC().toISO() ?? '');
const channelArb = fc.constantFrom('sms', 'email', 'letter', 'agent-call' as const);
const purposeArb = fc.constantFrom('servicing', 'marketing' as const);

function addressesOf(channel: ContactChannel): string[] {
  if (channel === 'email') return EMAILS;
  return channel === 'letter' ? ['postal'] : PHONES;
}

const consentArb = fc
  .constantFrom<ContactChannel>('sms', 'email', 'letter', 'voice')
  .chain((channel) =>
    fc.record({
      channel: fc.constant(channel),
      address: fc.constantFrom(...addressesOf(channel)),
      purpose: purposeArb,
      status: fc.constantFrom('granted', 'revoked' as const),
      basis: fc.constantFrom(...BASES),
      at: instantArb,
    }),
  );

const optOutArb: fc.Arbitrary<OptOut> = fc.record(
  {
    channel: fc.constantFrom<ContactChannel>('sms', 'email', 'letter', 'voice'),
    address: fc.constantFrom(...PHONES, ...EMAILS, 'postal'),
    purpose: purposeArb,
  },
  { requiredKeys: [] },
);

const contactArb: fc.Arbitrary<ContactState> = fc.record({
  timeZone: fc.constantFrom('America/New_York', 'Asia/Shanghai', 'Europe/London', 'Asia/Kolkata'),
  phones: fc.constant([
    { number: PHONES[0] ?? '', type: 'mobile' as const },
    { number: PHONES[1] ?? '', type: 'work' as const },
  ]),
  emails: fc.constant([
    { address: EMAILS[0] ?? '', type: 'personal' as const },
    { address: EMAILS[1] ?? '', type: 'work' as const },
  ]),
  hasPostalAddress: fc.boolean(),
  consents: fc.array(consentArb, { maxLength: 8 }),
  optOuts: fc.array(optOutArb, { maxLength: 2 }),
  doNotContactAtWork: fc.boolean(),
  unreachable: fc.constant([]),
});

const accountArb: fc.Arbitrary<AccountState> = fc.record({
  flags: fc.subarray([...FLAGS], { maxLength: 3 }),
  overdueAmount: fc.record({
    amountMinor: fc.integer({ min: 0, max: 100_000 }),
    currency: fc.constant('USD'),
  }),
});

const messageArb: fc.Arbitrary<MessageToCheck> = channelArb.chain((channel) =>
  fc.record({
    channel: fc.constant(channel),
    purpose: purposeArb,
    address: fc.constantFrom(...addressesOf(contactChannelOf(channel))),
  }),
);

const caseArb = fc.record({
  account: accountArb,
  contact: contactArb,
  message: messageArb,
  jurisdiction: fc.constantFrom('US', 'US-MA', 'US-WA', 'CN', 'GB', 'default'),
});

/** The test's own reading of "the consent in force": the latest record not after now. */
function consentInForce(contact: ContactState, message: MessageToCheck) {
  const channel = contactChannelOf(message.channel);
  return contact.consents
    .filter((c) => c.channel === channel && c.address === message.address)
    .filter((c) => c.purpose === message.purpose && Date.parse(c.at) <= NOW.toMillis())
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at))[0];
}

function optedOut(contact: ContactState, message: MessageToCheck): boolean {
  const channel = contactChannelOf(message.channel);
  return contact.optOuts.some(
    (o) =>
      (o.channel ?? channel) === channel &&
      (o.address ?? message.address) === message.address &&
      (o.purpose ?? message.purpose) === message.purpose,
  );
}

type CaseOf = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function decide(c: CaseOf) {
  const jurisdiction = policy.jurisdictions.get(c.jurisdiction);
  if (!jurisdiction) throw new Error(`no ${c.jurisdiction}`);
  return checkEligibility({ ...c, policy: jurisdiction, now: NOW });
}

describe('eligibility properties', () => {
  it('allows no marketing without a granted marketing consent in force', () => {
    let allowedMarketing = 0;
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = decide(c);
        if (result.allowed && c.message.purpose === 'marketing') {
          allowedMarketing += 1;
          expect(consentInForce(c.contact, c.message)?.status).toBe('granted');
        }
      }),
      { numRuns: 2000 },
    );
    // Not vacuous: the generators do reach marketing sends that are allowed.
    expect(allowedMarketing).toBeGreaterThan(0);
  });

  it('allows nothing to an opted-out address, and says so', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = decide(c);
        if (optedOut(c.contact, c.message)) {
          expect(result.allowed ? [] : result.reasons).toContain('OPTED_OUT');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('allows nothing with a suppressing flag or on a cured account', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const suppressing = c.account.flags.some((flag) => flag !== 'charged-off');
        const cured = c.account.overdueAmount.amountMinor === 0;
        if (suppressing || cured) expect(decide(c).allowed).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('reports distinct, known reasons whenever it refuses', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const result = decide(c);
        if (!result.allowed) {
          expect(result.reasons.length).toBeGreaterThan(0);
          expect(new Set(result.reasons).size).toBe(result.reasons.length);
          for (const reason of result.reasons) expect(SuppressionReason.options).toContain(reason);
        }
      }),
      { numRuns: 500 },
    );
  });
});
