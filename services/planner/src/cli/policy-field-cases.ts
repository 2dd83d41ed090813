/**
 * The example cases of services/planner/CASES.md, "Policy fields that change a decision": one or
 * more per field of `examples/policy-fields.yaml`, each named after the field it shows, built from
 * compact descriptions with the contracts' sample events, each with the decision it must get.
 *
 * `examples/policy-fields.ndjson` is written from these (the expectations stay here: a case line
 * is a strict `PlanCase`):
 *
 *   node --conditions=@kindly/source --import tsx services/planner/src/cli/policy-field-cases.ts
 *
 * `policy-fields.unit.test.ts` checks every decision and that the committed file is current.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  deterministicId,
  sampleEvents,
  type AccountArrangementV1Payload,
  type AccountFlag,
  type ConsentBasis,
  type ContactUpdatedV1Payload,
  type EventOf,
  type OutreachChannel,
  type Purpose,
} from '@kindly/contracts';
import type { ClosedAt } from '@kindly/rules';
import type { PlanCase, PlanCaseResult } from './plan-case.js';

export const POLICY_FIELDS_POLICY = fileURLToPath(
  new URL('../../examples/policy-fields.yaml', import.meta.url),
);
export const POLICY_FIELDS_CASES = fileURLToPath(
  new URL('../../examples/policy-fields.ndjson', import.meta.url),
);

/** Who the customer is, where, and what the bank said about the account. */
interface Customer {
  readonly jurisdiction: string;
  readonly timeZone: string;
  readonly locale?: string;
  readonly phones?: ContactUpdatedV1Payload['phones'];
  readonly emails?: ContactUpdatedV1Payload['emails'];
  readonly postalAddresses?: readonly { readonly country: string; readonly region?: string }[];
  readonly doNotContactAtWork?: boolean;
  /** Granted consents, each for one channel and address. */
  readonly consents?: readonly {
    readonly channel: 'sms' | 'email' | 'voice';
    readonly address: string;
    readonly basis: ConsentBasis;
    readonly purpose?: Purpose;
  }[];
}

/** The decision a case must get; `blockingCaps` and `closedAt` absent: none. */
export interface ExpectedDecision {
  readonly decision: PlanCaseResult['decision'];
  readonly allowedNow: boolean;
  readonly earliestAllowedAt: string | null;
  readonly channel?: string;
  readonly templateId?: string;
  readonly reasons: readonly string[];
  readonly blockingCaps?: readonly string[];
  readonly closedAt?: readonly ClosedAt[];
}

export interface PolicyFieldCase {
  /** Names the field it shows. */
  readonly caseId: string;
  /** The policy fields (YAML paths within a jurisdiction) whose effect this case shows. */
  readonly fields: readonly string[];
  /** What happens, in words: the row of CASES.md. */
  readonly shows: string;
  readonly customer: Customer;
  /** Days past due: 1–14 stage 1 (SMS, then e-mail), 15–44 stage 2 (e-mail, SMS, letter), 45–74
   * stage 3 (agent call, then SMS), 75–89 stage 4 (letter, then e-mail). */
  readonly daysPastDue: number;
  readonly now: string;
  readonly flags?: readonly AccountFlag[];
  readonly disputeVerified?: true;
  readonly arrangement?: DistributiveOmit<
    AccountArrangementV1Payload,
    'accountId' | 'arrangementId'
  >;
  readonly history?: PlanCase['history'];
  readonly expect: ExpectedDecision;
  /**
   * Proof that the field matters: with each line of the example policy that contains the first
   * text replaced by the second, the same case decides otherwise.
   */
  readonly otherwise: readonly (readonly [line: string, becomes: string])[];
}

type Arrangement = DistributiveOmit<AccountArrangementV1Payload, 'accountId' | 'arrangementId'>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

// ---------------------------------------------------------------------------------------------
// Customers. Each phone and address names the same zone as the primary zone unless a case is
// about more than one place.

const NY_MOBILE = '+12125550123';
const BOSTON_MOBILE = '+16175550123';
const SEATTLE_MOBILE = '+12065550123';
const LONDON_MOBILE = '+447400123456';
const SHANGHAI_MOBILE = '+8613800138000';

/** A New York customer (US): a mobile with SMS consent, a personal e-mail, a postal address. */
const newYork: Customer = {
  jurisdiction: 'US',
  timeZone: 'America/New_York',
  phones: [{ number: NY_MOBILE, type: 'mobile', primary: true }],
  emails: [{ address: 'pat@example.com', type: 'personal' }],
  postalAddresses: [{ country: 'US', region: 'NY' }],
  consents: [{ channel: 'sms', address: NY_MOBILE, basis: 'contract' }],
};

/** A Boston customer (US-MA). */
const boston: Customer = {
  jurisdiction: 'US-MA',
  timeZone: 'America/New_York',
  phones: [{ number: BOSTON_MOBILE, type: 'mobile', primary: true }],
  emails: [{ address: 'sam@example.com', type: 'personal' }],
  postalAddresses: [{ country: 'US', region: 'MA' }],
  consents: [{ channel: 'sms', address: BOSTON_MOBILE, basis: 'contract' }],
};

/** A Seattle customer (US-WA). */
const seattle: Customer = {
  jurisdiction: 'US-WA',
  timeZone: 'America/Los_Angeles',
  phones: [{ number: SEATTLE_MOBILE, type: 'mobile', primary: true }],
  emails: [{ address: 'lee@example.com', type: 'personal' }],
  postalAddresses: [{ country: 'US', region: 'WA' }],
  consents: [{ channel: 'sms', address: SEATTLE_MOBILE, basis: 'contract' }],
};

/** A London customer (GB). */
const london: Customer = {
  jurisdiction: 'GB',
  timeZone: 'Europe/London',
  locale: 'en-GB',
  phones: [{ number: LONDON_MOBILE, type: 'mobile', primary: true }],
  emails: [{ address: 'alex@example.co.uk', type: 'personal' }],
  postalAddresses: [{ country: 'GB' }],
  consents: [{ channel: 'sms', address: LONDON_MOBILE, basis: 'contract' }],
};

/** A Shanghai customer (CN). */
const shanghai: Customer = {
  jurisdiction: 'CN',
  timeZone: 'Asia/Shanghai',
  locale: 'zh-CN',
  phones: [{ number: SHANGHAI_MOBILE, type: 'mobile', primary: true }],
  emails: [{ address: 'li.wei@example.com', type: 'personal' }],
  postalAddresses: [{ country: 'CN' }],
  consents: [{ channel: 'sms', address: SHANGHAI_MOBILE, basis: 'contract' }],
};

/** A customer reached at work only: a work e-mail, no phone, no postal address. */
function atWorkOnly(base: Customer, options: { doNotContactAtWork: boolean; consent: boolean }) {
  const address = 'pat@employer.example';
  return {
    ...base,
    phones: [],
    emails: [{ address, type: 'work' as const }],
    postalAddresses: [],
    doNotContactAtWork: options.doNotContactAtWork,
    consents: options.consent
      ? [{ channel: 'email' as const, address, basis: 'express-consent' as const }]
      : [],
  };
}

// ---------------------------------------------------------------------------------------------
// The cases.

const calls = (n: number, kind: 'attempt' | 'conversation' | 'undelivered', at: string) =>
  Array.from({ length: n }, () => ({ channel: 'agent-call' as const, at, kind }));

const sms = (at: string, more: Partial<PlanCase['history'][number]> = {}) => ({
  channel: 'sms' as const,
  at,
  kind: 'delivered' as const,
  ...more,
});

const plan = (
  channel: OutreachChannel,
  templateId: string,
  earliestAllowedAt: string,
  reasons: readonly string[],
  more: Partial<ExpectedDecision> = {},
): ExpectedDecision => ({
  decision: 'plan',
  allowedNow: false,
  earliestAllowedAt,
  channel,
  templateId,
  reasons,
  ...more,
});

const planNow = (
  channel: OutreachChannel,
  templateId: string,
  now: string,
  reasons: readonly string[],
): ExpectedDecision => plan(channel, templateId, now, reasons, { allowedNow: true });

const suppress = (
  channel: OutreachChannel,
  templateId: string,
  reasons: readonly string[],
  more: Partial<ExpectedDecision> = {},
): ExpectedDecision => ({
  decision: 'suppress',
  allowedNow: false,
  earliestAllowedAt: null,
  channel,
  templateId,
  reasons,
  ...more,
});

const closed = (
  zone: string,
  jurisdiction: string,
  why: ClosedAt['why'],
  localTime: string,
): ClosedAt => ({ zone, jurisdiction, why, localTime });

const STAGE_1 = ['STAGE_1', 'DPD_5'];
const STAGE_2 = ['STAGE_2', 'DPD_20'];
const STAGE_3 = ['STAGE_3', 'DPD_50'];
const STAGE_4 = ['STAGE_4', 'DPD_80'];
const NY = 'America/New_York';
const FRIENDLY_SMS = 'reminder-friendly-sms';

export const policyFieldCases: readonly PolicyFieldCase[] = [
  // --- When: hours, days, holidays -----------------------------------------------------------
  {
    caseId: 'hours-closed-at-night',
    fields: ['contact.hours'],
    shows: 'at 02:00 in New York the SMS waits for 08:00 (US hours 08:00–21:00)',
    otherwise: [
      [
        '# US hours',
        "- { days: [mon, tue, wed, thu, fri, sat, sun], start: '00:00', end: '24:00' }",
      ],
    ],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T06:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-06-10T12:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US', 'HOURS', '2026-06-10 02:00')],
    }),
  },
  {
    caseId: 'hours-empty-never-allowed',
    fields: ['channels.<channel>.<purpose>'],
    shows: 'GB `agent-call.servicing.hours: []`: the stage-3 call is never allowed',
    otherwise: [['hours: []', 'minimumMinutesLeft: 15']],
    customer: london,
    daysPastDue: 50,
    now: '2026-06-10T10:00:00Z',
    expect: suppress('agent-call', 'personal-contact-agent-call', ['NEVER_ALLOWED'], {
      closedAt: [closed('Europe/London', 'GB', 'HOURS', '2026-06-10 11:00')],
    }),
  },
  {
    caseId: 'exclude-holidays-thanksgiving',
    fields: ['contact.excludeHolidays'],
    shows: 'Thanksgiving (a US public holiday) waits for Friday 08:00',
    otherwise: [['# US holidays', 'excludeHolidays: false']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-11-26T15:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-11-27T13:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US', 'HOLIDAY', '2026-11-26 10:00')],
    }),
  },
  {
    caseId: 'exclude-sundays',
    fields: ['contact.excludeSundays'],
    shows: 'a Sunday in the US waits for Monday 08:00, although the hours list Sunday',
    otherwise: [['# US Sundays', 'excludeSundays: false']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-14T14:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-06-15T12:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US', 'CLOSED_DAY', '2026-06-14 10:00')],
    }),
  },
  {
    caseId: 'no-contact-dates',
    fields: ['contact.noContactDates'],
    shows: 'US no-contact date 2026-12-31, then New Year’s Day: waits for Saturday 2 January 08:00',
    otherwise: [["noContactDates: ['2026-12-31']", 'noContactDates: []']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-12-31T15:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2027-01-02T13:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US', 'HOLIDAY', '2026-12-31 10:00')],
    }),
  },
  {
    caseId: 'holidays-country-easter-monday',
    fields: ['holidays.country'],
    shows: 'Easter Monday is a GB public holiday (not a US one): waits for Tuesday 08:00',
    otherwise: [
      ['holidays: { country: GB, types: [public] }', 'holidays: { country: US, types: [public] }'],
    ],
    customer: london,
    daysPastDue: 5,
    now: '2026-04-06T09:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-04-07T07:00:00Z', STAGE_1, {
      closedAt: [closed('Europe/London', 'GB', 'HOLIDAY', '2026-04-06 10:00')],
    }),
  },
  {
    caseId: 'holidays-region-patriots-day',
    fields: ['holidays.region'],
    shows: 'Patriots’ Day is a Massachusetts holiday only: closed under US-MA, open under US',
    otherwise: [
      [
        'holidays: { country: US, region: MA, types: [public] }',
        'holidays: { country: US, types: [public] }',
      ],
    ],
    customer: boston,
    daysPastDue: 5,
    now: '2026-04-20T14:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-04-21T12:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US-MA', 'HOLIDAY', '2026-04-20 10:00')],
    }),
  },
  {
    caseId: 'holidays-types-observance',
    fields: ['holidays.types'],
    shows: 'US-WA lists `observance`: the day after Thanksgiving closes there, not in the US',
    otherwise: [
      ['types: [public, observance]', 'holidays: { country: US, region: WA, types: [public] }'],
    ],
    customer: seattle,
    daysPastDue: 5,
    now: '2026-11-27T18:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-11-28T16:00:00Z', STAGE_1, {
      closedAt: [closed('America/Los_Angeles', 'US-WA', 'HOLIDAY', '2026-11-27 10:00')],
    }),
  },
  {
    caseId: 'holidays-schedule-official',
    fields: ['holidays.schedule'],
    shows: 'Qingming 2026 is 4–6 April in the State Council’s schedule (date-holidays: 5 April)',
    otherwise: [
      ['schedule: official', 'schedule: date-holidays'],
      ['observances: [womens-day]', 'observances: []'],
    ],
    customer: shanghai,
    daysPastDue: 5,
    now: '2026-04-06T02:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-04-07T00:00:00Z', STAGE_1, {
      closedAt: [closed('Asia/Shanghai', 'CN', 'HOLIDAY', '2026-04-06 10:00')],
    }),
  },
  {
    caseId: 'holidays-observances-womens-day',
    fields: ['holidays.observances'],
    shows: 'CN lists `womens-day`: 8 March closes (a Sunday, open in China otherwise)',
    otherwise: [['observances: [womens-day]', 'observances: []']],
    customer: shanghai,
    daysPastDue: 5,
    now: '2026-03-08T02:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-03-09T00:00:00Z', STAGE_1, {
      closedAt: [closed('Asia/Shanghai', 'CN', 'HOLIDAY', '2026-03-08 10:00')],
    }),
  },
  {
    caseId: 'legal-time-beijing',
    fields: ['legalTime'],
    shows:
      'a +86 number is Beijing time only: 08:30 there is open (Asia/Urumqi, 06:30, is no candidate)',
    otherwise: [['zone: Asia/Shanghai', 'zone: Asia/Urumqi']],
    customer: shanghai,
    daysPastDue: 5,
    now: '2026-06-10T00:30:00Z',
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T00:30:00Z', STAGE_1),
  },
  {
    caseId: 'search-horizon-days-no-window',
    fields: ['contact.searchHorizonDays'],
    shows: 'GB letters go Monday mornings, looked for 3 days ahead: on a Tuesday, no window',
    otherwise: [['searchHorizonDays: 3', 'searchHorizonDays: 8']],
    customer: london,
    daysPastDue: 80,
    now: '2026-06-09T09:00:00Z',
    expect: suppress('letter', 'final-notice-letter', ['NO_WINDOW'], {
      earliestAllowedAt: '2026-06-12T09:00:00Z',
      closedAt: [closed('Europe/London', 'GB', 'HOURS', '2026-06-09 10:00')],
    }),
  },
  {
    caseId: 'search-horizon-days-window-within',
    fields: ['contact.searchHorizonDays'],
    shows: 'the same letter on a Saturday: Monday 09:00 is within 3 days',
    otherwise: [['searchHorizonDays: 3', 'searchHorizonDays: 1']],
    customer: london,
    daysPastDue: 80,
    now: '2026-06-13T09:00:00Z',
    expect: plan('letter', 'final-notice-letter', '2026-06-15T08:00:00Z', STAGE_4, {
      closedAt: [closed('Europe/London', 'GB', 'HOURS', '2026-06-13 10:00')],
    }),
  },
  {
    caseId: 'minimum-minutes-left-call',
    fields: ['contact.minimumMinutesLeft'],
    shows: 'at 20:50 a call (15 minutes needed) waits for 08:00 the next day',
    otherwise: [['# calls', 'minimumMinutesLeft: 5']],
    customer: newYork,
    daysPastDue: 50,
    now: '2026-06-11T00:50:00Z',
    expect: plan('agent-call', 'personal-contact-agent-call', '2026-06-11T12:00:00Z', [
      ...STAGE_3,
      'TOO_LITTLE_TIME_LEFT',
    ]),
  },
  {
    caseId: 'minimum-minutes-left-sms',
    fields: ['contact.minimumMinutesLeft'],
    shows: 'at 20:50 an SMS (5 minutes needed) goes now',
    otherwise: [['minimumMinutesLeft: 5', 'minimumMinutesLeft: 15']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-11T00:50:00Z',
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-11T00:50:00Z', STAGE_1),
  },
  {
    caseId: 'extends-inherits-parent',
    fields: ['extends'],
    shows: 'US-MA extends US: its hours end at 21:00 (default’s at 18:00), so 20:00 is open',
    otherwise: [['extends: US # US-MA', 'extends: default']],
    customer: boston,
    daysPastDue: 5,
    now: '2026-06-11T00:00:00Z',
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-11T00:00:00Z', STAGE_1),
  },

  // --- Consent -------------------------------------------------------------------------------
  {
    caseId: 'consent-required-none-given',
    fields: ['contact.consent.required'],
    shows: 'an SMS needs consent and there is none: the e-mail goes instead (SKIPPED_SMS)',
    otherwise: [
      [
        'bases: [contract, express-consent, written-consent]',
        'consent: { required: false, bases: [] }',
      ],
    ],
    customer: { ...newYork, consents: [] },
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    expect: planNow('email', 'reminder-friendly-email', '2026-06-10T14:00:00Z', [
      ...STAGE_1,
      'SKIPPED_SMS',
    ]),
  },
  {
    caseId: 'consent-bases-not-listed',
    fields: ['contact.consent.bases'],
    shows: 'consent on `legitimate-interest`, not a US basis for SMS: the e-mail goes instead',
    otherwise: [
      [
        'bases: [contract, express-consent, written-consent]',
        'consent: { required: true, bases: [contract, legitimate-interest] }',
      ],
    ],
    customer: {
      ...newYork,
      consents: [{ channel: 'sms', address: NY_MOBILE, basis: 'legitimate-interest' }],
    },
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    expect: planNow('email', 'reminder-friendly-email', '2026-06-10T14:00:00Z', [
      ...STAGE_1,
      'SKIPPED_SMS',
    ]),
  },
  {
    caseId: 'consent-bases-listed',
    fields: ['contact.consent.bases'],
    shows: 'the same basis in GB, which lists it: the SMS goes',
    otherwise: [
      ['bases: [contract, legitimate-interest]', 'consent: { required: true, bases: [contract] }'],
    ],
    customer: {
      ...london,
      consents: [{ channel: 'sms', address: LONDON_MOBILE, basis: 'legitimate-interest' }],
    },
    daysPastDue: 5,
    now: '2026-06-10T10:00:00Z',
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T10:00:00Z', STAGE_1),
  },

  // --- Caps ----------------------------------------------------------------------------------
  {
    caseId: 'cap-limit-reached',
    fields: ['caps[].limit', 'caps[].id'],
    shows: 'an SMS already today (`sms-per-day`, limit 1): waits for tomorrow 08:00',
    otherwise: [['limit: 1 # US sms-per-day', 'limit: 2']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    history: [sms('2026-06-10T13:00:00Z')],
    expect: plan('sms', FRIENDLY_SMS, '2026-06-11T12:00:00Z', [...STAGE_1, 'WAITED_FOR_CAP'], {
      blockingCaps: ['sms-per-day'],
    }),
  },
  {
    caseId: 'cap-limit-zero',
    fields: ['caps[].limit'],
    shows: 'CN `cn-no-letters` (limit 0): the stage-4 letter is never allowed',
    otherwise: [['limit: 0', 'limit: 1']],
    customer: shanghai,
    daysPastDue: 80,
    now: '2026-06-10T02:00:00Z',
    expect: suppress('letter', 'final-notice-letter', ['NEVER_ALLOWED'], {
      blockingCaps: ['cn-no-letters'],
    }),
  },
  {
    caseId: 'cap-window-days',
    fields: ['caps[].window'],
    shows: 'a day cap counts calendar days: an SMS at 20:00 yesterday leaves room at 09:00 today',
    otherwise: [
      ['window: { length: 1, unit: days } # US sms-per-day', 'window: { length: 24, unit: hours }'],
    ],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T13:00:00Z',
    history: [sms('2026-06-10T00:00:00Z')],
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T13:00:00Z', STAGE_1),
  },
  {
    caseId: 'cap-window-hours',
    fields: ['caps[].window'],
    shows:
      '`email-per-24h` counts 24 sliding hours: an e-mail at 15:00 yesterday, the next at 15:00 today',
    otherwise: [['window: { length: 24, unit: hours }', 'window: { length: 1, unit: days }']],
    customer: newYork,
    daysPastDue: 20,
    now: '2026-06-10T13:00:00Z',
    history: [{ channel: 'email', at: '2026-06-09T19:00:00Z', kind: 'delivered' }],
    expect: plan(
      'email',
      'notice-firm-email',
      '2026-06-10T19:00:00Z',
      [...STAGE_2, 'WAITED_FOR_CAP'],
      { blockingCaps: ['email-per-24h'] },
    ),
  },
  {
    caseId: 'cap-channels',
    fields: ['caps[].channels'],
    shows: 'an e-mail today does not count toward `sms-per-day`: the SMS goes',
    otherwise: [['channels: [sms] # US sms-per-day', 'channels: [sms, email]']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    history: [{ channel: 'email', at: '2026-06-10T13:00:00Z', kind: 'delivered' }],
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T14:00:00Z', STAGE_1),
  },
  {
    caseId: 'cap-purposes',
    fields: ['caps[].purposes'],
    shows: 'a marketing SMS today does not count toward the US `sms-per-day` (servicing only)',
    otherwise: [['purposes: [servicing]', 'purposes: [servicing, marketing]']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    history: [sms('2026-06-10T13:00:00Z', { purpose: 'marketing' })],
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T14:00:00Z', STAGE_1),
  },
  {
    caseId: 'cap-counts-undelivered',
    fields: ['caps[].counts'],
    shows: 'seven unconnected calls yesterday are not counted by `calls-7-in-7`: the call goes',
    otherwise: [
      [
        'counts: [attempt, conversation, delivered]',
        'counts: [attempt, conversation, delivered, undelivered]',
      ],
    ],
    customer: newYork,
    daysPastDue: 50,
    now: '2026-06-10T14:00:00Z',
    history: calls(7, 'undelivered', '2026-06-09T14:00:00Z'),
    expect: planNow('agent-call', 'personal-contact-agent-call', '2026-06-10T14:00:00Z', STAGE_3),
  },
  {
    caseId: 'cap-address-types-work',
    fields: ['caps[].addressTypes'],
    shows:
      '`ma-1-in-30-work` counts and holds back only work numbers: an SMS to the mobile 25 days ago leaves an SMS to the mobile free now (with `[mobile]` it would wait 5 days)',
    otherwise: [['addressTypes: [work]', 'addressTypes: [mobile]']],
    customer: boston,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    history: [sms('2026-05-16T14:00:00Z', { addressType: 'mobile' })],
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T14:00:00Z', STAGE_1),
  },
  {
    caseId: 'cap-quiet-after-conversation',
    fields: ['caps[].kind', 'caps[].after'],
    shows: 'a conversation on Monday: no call through Sunday, the next on Monday 08:00',
    otherwise: [['after: [conversation]', 'after: [attempt]']],
    customer: newYork,
    daysPastDue: 50,
    now: '2026-06-10T14:00:00Z',
    history: calls(1, 'conversation', '2026-06-08T14:00:00Z'),
    expect: plan(
      'agent-call',
      'personal-contact-agent-call',
      '2026-06-15T12:00:00Z',
      [...STAGE_3, 'WAITED_FOR_CAP'],
      { blockingCaps: ['calls-quiet-after-conversation'] },
    ),
  },
  {
    caseId: 'cap-quiet-after-attempt',
    fields: ['caps[].after'],
    shows: 'an unanswered call (an attempt) on Monday starts no quiet period: the call goes',
    otherwise: [['after: [conversation]', 'after: [attempt, conversation]']],
    customer: newYork,
    daysPastDue: 50,
    now: '2026-06-10T14:00:00Z',
    history: calls(1, 'attempt', '2026-06-08T14:00:00Z'),
    expect: planNow('agent-call', 'personal-contact-agent-call', '2026-06-10T14:00:00Z', STAGE_3),
  },

  // --- Flags and arrangements ----------------------------------------------------------------
  {
    caseId: 'flag-suppresses-dispute',
    fields: ['flags.<flag>.suppresses'],
    shows: 'a dispute suppresses servicing: nothing goes',
    otherwise: [['suppresses: [servicing, marketing] # dispute', 'suppresses: [marketing]']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    flags: ['dispute'],
    expect: suppress('sms', FRIENDLY_SMS, ['DISPUTE']),
  },
  {
    caseId: 'flag-suppresses-marketing-only',
    fields: ['flags.<flag>.suppresses'],
    shows: 'this policy’s legal hold suppresses marketing only: the servicing SMS goes',
    otherwise: [
      ['legal-hold:', 'legal-hold: { suppresses: [servicing, marketing], source: [firm-policy] }'],
    ],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    flags: ['legal-hold'],
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-10T14:00:00Z', STAGE_1),
  },
  {
    caseId: 'flag-allow-template-kinds',
    fields: ['flags.<flag>.allowTemplateKinds'],
    shows: 'a verified dispute: the `dispute-verification` letter may go, nothing else',
    otherwise: [['allowTemplateKinds: [dispute-verification]', 'allowTemplateKinds: []']],
    customer: newYork,
    daysPastDue: 20,
    now: '2026-06-10T14:00:00Z',
    flags: ['dispute'],
    disputeVerified: true,
    expect: planNow('letter', 'dispute-verification-letter', '2026-06-10T14:00:00Z', [
      'NOTICE_DISPUTE_VERIFICATION',
    ]),
  },
  {
    caseId: 'promise-to-pay-grace-days',
    fields: ['arrangements.promiseToPay.graceDays', 'arrangements.promiseToPay.pauses'],
    shows: 'promised for 12 June, 2 grace days: paused until 15 June 00:00 New York',
    otherwise: [['graceDays: 2 # default promise', 'graceDays: 0']],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-13T14:00:00Z',
    arrangement: promise('2026-06-12'),
    expect: suppress('sms', FRIENDLY_SMS, ['PROMISE_PENDING'], {
      earliestAllowedAt: '2026-06-15T04:00:00Z',
    }),
  },
  {
    caseId: 'promise-to-pay-pauses-marketing-only',
    fields: ['arrangements.promiseToPay.pauses'],
    shows: 'US-WA’s promise pauses marketing only: the servicing SMS goes during the promise',
    otherwise: [['pauses: [marketing]', 'pauses: [servicing, marketing]']],
    customer: seattle,
    daysPastDue: 5,
    now: '2026-06-13T17:00:00Z',
    arrangement: promise('2026-06-12'),
    expect: planNow('sms', FRIENDLY_SMS, '2026-06-13T17:00:00Z', STAGE_1),
  },
  {
    caseId: 'promise-to-pay-allow-template-kinds',
    fields: ['arrangements.promiseToPay.allowTemplateKinds'],
    shows: 'two days before the promised date the `promise-reminder` SMS goes through the pause',
    otherwise: [
      ['allowTemplateKinds: [promise-reminder] # default promise', 'allowTemplateKinds: []'],
    ],
    customer: newYork,
    daysPastDue: 5,
    now: '2026-06-10T14:00:00Z',
    arrangement: promise('2026-06-12'),
    expect: planNow('sms', 'promise-reminder-sms', '2026-06-10T14:00:00Z', [
      'NOTICE_PROMISE_REMINDER',
    ]),
  },
  {
    caseId: 'instalment-plan-grace-days',
    fields: ['arrangements.instalmentPlan.graceDays', 'arrangements.instalmentPlan.pauses'],
    shows: 'next instalment 15 June, 3 grace days: paused until 19 June 00:00 New York',
    otherwise: [['graceDays: 3', 'graceDays: 0']],
    customer: newYork,
    daysPastDue: 20,
    now: '2026-06-10T14:00:00Z',
    arrangement: instalments(['2026-06-15', '2026-07-15']),
    expect: suppress('email', 'notice-firm-email', ['PLAN_ACTIVE'], {
      earliestAllowedAt: '2026-06-19T04:00:00Z',
    }),
  },
  {
    caseId: 'instalment-plan-allow-template-kinds',
    fields: ['arrangements.instalmentPlan.allowTemplateKinds'],
    shows:
      'a cease request during a plan: the `cease-efforts-terminated` letter goes through the pause',
    otherwise: [['# instalment plan', 'allowTemplateKinds: []']],
    customer: newYork,
    daysPastDue: 20,
    now: '2026-06-10T14:00:00Z',
    flags: ['cease-communication'],
    arrangement: instalments(['2026-06-15', '2026-07-15']),
    expect: planNow('letter', 'cease-efforts-terminated-letter', '2026-06-10T14:00:00Z', [
      'NOTICE_CEASE_EFFORTS_TERMINATED',
    ]),
  },

  // --- Work addresses ------------------------------------------------------------------------
  {
    caseId: 'work-block-when-do-not-contact-at-work',
    fields: ['workAddresses.blockWhenDoNotContactAtWork'],
    shows: 'only a work e-mail (consented), and the customer said not at work: nothing goes',
    otherwise: [['blockWhenDoNotContactAtWork: true', 'blockWhenDoNotContactAtWork: false']],
    customer: atWorkOnly(newYork, { doNotContactAtWork: true, consent: true }),
    daysPastDue: 20,
    now: '2026-06-10T14:00:00Z',
    expect: suppress('email', 'notice-firm-email', ['DO_NOT_CONTACT_AT_WORK', 'NO_ADDRESS']),
  },
  {
    caseId: 'work-email-requires-consent',
    fields: ['workAddresses.workEmailRequiresConsent'],
    shows: 'only a work e-mail, without consent to use it: nothing goes',
    otherwise: [['workEmailRequiresConsent: true', 'workEmailRequiresConsent: false']],
    customer: atWorkOnly(newYork, { doNotContactAtWork: false, consent: false }),
    daysPastDue: 20,
    now: '2026-06-10T14:00:00Z',
    expect: suppress('email', 'notice-firm-email', ['NO_CONSENT', 'NO_ADDRESS']),
  },
  {
    caseId: 'work-addresses-off',
    fields: ['workAddresses.blockWhenDoNotContactAtWork', 'workAddresses.workEmailRequiresConsent'],
    shows: 'US-WA sets both to false: the same work e-mail goes',
    otherwise: [['blockWhenDoNotContactAtWork: false', 'blockWhenDoNotContactAtWork: true']],
    customer: atWorkOnly(seattle, { doNotContactAtWork: true, consent: false }),
    daysPastDue: 20,
    now: '2026-06-10T17:00:00Z',
    expect: planNow('email', 'notice-firm-email', '2026-06-10T17:00:00Z', STAGE_2),
  },

  // --- Candidate zones, each under its own place's rules ------------------------------------
  {
    caseId: 'places-uk-address-gb-hours',
    fields: ['holidays.country', 'contact.hours'],
    shows: 'a Boston customer with a London address: 20:30 in London is closed under GB’s hours',
    otherwise: [
      [
        "start: '08:00', end: '20:00'",
        "- { days: [mon, tue, wed, thu, fri, sat], start: '08:00', end: '21:00' }",
      ],
    ],
    customer: { ...boston, postalAddresses: [{ country: 'US', region: 'MA' }, { country: 'GB' }] },
    daysPastDue: 5,
    now: '2026-06-10T19:30:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-06-11T12:00:00Z', STAGE_1, {
      closedAt: [closed('Europe/London', 'GB', 'HOURS', '2026-06-10 20:30')],
    }),
  },
  {
    caseId: 'places-phone-country',
    fields: ['contact.hours'],
    shows: 'a New York customer with a +44 number too: London is judged under GB',
    otherwise: [
      [
        "start: '08:00', end: '20:00'",
        "- { days: [mon, tue, wed, thu, fri, sat], start: '08:00', end: '21:00' }",
      ],
    ],
    customer: {
      ...newYork,
      phones: [
        { number: NY_MOBILE, type: 'mobile', primary: true },
        { number: LONDON_MOBILE, type: 'home', primary: false },
      ],
    },
    daysPastDue: 5,
    now: '2026-06-10T19:30:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-06-11T12:00:00Z', STAGE_1, {
      closedAt: [closed('Europe/London', 'GB', 'HOURS', '2026-06-10 20:30')],
    }),
  },
  {
    caseId: 'places-state-address',
    fields: ['holidays.region'],
    shows: 'a US customer with a second address in Massachusetts: Patriots’ Day closes under US-MA',
    otherwise: [
      [
        'holidays: { country: US, region: MA, types: [public] }',
        'holidays: { country: US, types: [public] }',
      ],
    ],
    customer: {
      ...newYork,
      postalAddresses: [
        { country: 'US', region: 'NY' },
        { country: 'US', region: 'MA' },
      ],
    },
    daysPastDue: 5,
    now: '2026-04-20T14:00:00Z',
    expect: plan('sms', FRIENDLY_SMS, '2026-04-21T12:00:00Z', STAGE_1, {
      closedAt: [closed(NY, 'US-MA', 'HOLIDAY', '2026-04-20 10:00')],
    }),
  },
];

function promise(promisedDate: string): Arrangement {
  return {
    kind: 'promise-to-pay',
    status: 'made',
    promisedDate,
    amount: { amountMinor: 12_000, currency: 'USD' },
  };
}

function instalments(dueDates: readonly string[]): Arrangement {
  return {
    kind: 'instalment-plan',
    status: 'made',
    schedule: dueDates.map((dueDate) => ({
      dueDate,
      amount: { amountMinor: 4_000, currency: 'USD' },
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// From a description to a case line.

const CURRENCY: Readonly<Record<string, string>> = { US: 'USD', GB: 'GBP', CN: 'CNY' };

const hoursBefore = (iso: string, hours: number) =>
  new Date(Date.parse(iso) - hours * 3_600_000).toISOString().replace('.000Z', 'Z');

/** The case as `npm run plan` reads it: the bank's events for the account, the history, `now`. */
export function planCaseOf(c: PolicyFieldCase): PlanCase {
  const accountId = c.caseId.slice(0, 64);
  const envelope = (name: string, occurredAt: string) => ({
    eventId: deterministicId('policy-field-case', c.caseId, name),
    schemaVersion: '1.0.0',
    occurredAt,
    correlationId: deterministicId('policy-field-case', c.caseId),
    causationId: null,
    tenantId: 'bank-1',
  });
  const currency = CURRENCY[c.customer.jurisdiction.slice(0, 2)] ?? 'EUR';
  const money = (amountMinor: number) => ({ amountMinor, currency });
  const dueDate = hoursBefore(c.now, c.daysPastDue * 24).slice(0, 10);
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...envelope('overdue', hoursBefore(c.now, 1)),
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId: `${accountId}-${dueDate}`.slice(0, 100),
      dueDate,
      daysPastDue: c.daysPastDue,
      overdueAmount: money(12_000),
      totalBalance: money(90_000),
      minimumPayment: money(12_000),
    },
  };
  const who = c.customer;
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...envelope('contact', '2026-01-01T00:00:00Z'),
    payload: {
      accountId,
      name: { family: 'Example' },
      phones: [...(who.phones ?? [])],
      emails: [...(who.emails ?? [])],
      postalAddresses: (who.postalAddresses ?? []).map((address) => ({
        lines: ['1 Example Street'],
        city: 'Example',
        ...address,
      })),
      locale: who.locale ?? 'en-US',
      timeZone: who.timeZone,
      candidateTimeZones: [],
      jurisdiction: who.jurisdiction,
      preferredWindows: [],
      doNotContactAtWork: who.doNotContactAtWork ?? false,
    },
  };
  const consents = (who.consents ?? []).map((consent, index): EventOf<'contact.consent'> => ({
    ...sampleEvents['contact.consent'],
    ...envelope(`consent-${index}`, '2026-01-01T00:00:00Z'),
    payload: {
      ...sampleEvents['contact.consent'].payload,
      accountId,
      channel: consent.channel,
      address: consent.address,
      purpose: consent.purpose ?? 'servicing',
      basis: consent.basis,
      at: '2026-01-01T00:00:00Z',
    },
  }));
  const status: EventOf<'account.status'>[] = c.flags
    ? [
        {
          ...sampleEvents['account.status'],
          ...envelope('status', hoursBefore(c.now, 48)),
          payload: {
            accountId,
            set: [...c.flags],
            cleared: [],
            effectiveAt: hoursBefore(c.now, 48),
            ...(c.disputeVerified ? { disputeVerified: true as const } : {}),
          },
        },
      ]
    : [];
  const arrangement: EventOf<'account.arrangement'>[] = c.arrangement
    ? [
        {
          ...sampleEvents['account.arrangement'],
          ...envelope('arrangement', hoursBefore(c.now, 72)),
          payload: { ...c.arrangement, accountId, arrangementId: `${accountId}-arrangement` },
        },
      ]
    : [];
  return {
    caseId: c.caseId,
    now: c.now,
    tenantId: 'bank-1',
    accountId,
    events: [overdue, contact, ...consents, ...status, ...arrangement],
    history: [...(c.history ?? [])],
    tried: [],
  };
}

/** `examples/policy-fields.ndjson`: one line per case. */
export function policyFieldCasesNdjson(): string {
  return policyFieldCases.map((c) => `${JSON.stringify(planCaseOf(c))}\n`).join('');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(POLICY_FIELDS_CASES, policyFieldCasesNdjson());
  console.log(`wrote ${policyFieldCases.length} cases to ${POLICY_FIELDS_CASES}`);
}
