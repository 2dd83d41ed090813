/**
 * fast-check generators for the planner's decision: accounts, contacts, consents, histories and
 * instants, as the bank's events (built from `sampleEvents`), so that the properties run through
 * the same state the service keeps. Every scenario is plain data; {@link factsOf} turns it into
 * the planner's inputs.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  sampleEvents,
  AccountFlag,
  ConsentBasis,
  type ContactChannel,
  type ContactConsentV1Payload,
  type OutreachChannel,
  type Purpose,
} from '@kindly/contracts';
import type { ContactHistoryEntry } from '../../policy/index.js';
import { emptyAccountState, type AccountState } from '../../state/account-state.js';
import { evolveAccountState, type BankInput } from '../../state/evolve-account-state.js';
import type { TriedChannel } from '../../strategy/index.js';

export const JURISDICTIONS = ['US', 'US-MA', 'US-WA', 'CN', 'GB'] as const;
export type TestJurisdiction = (typeof JURISDICTIONS)[number];

interface Geography {
  readonly zones: readonly [string, ...string[]];
  /** E.164 prefixes; a suffix of `digits` digits completes a number. */
  readonly phonePrefixes: readonly string[];
  readonly digits: number;
  readonly country: string;
  readonly regions: readonly (string | undefined)[];
  readonly currency: 'USD' | 'CNY' | 'GBP';
  readonly locale: string;
}

export const GEOGRAPHY: Readonly<Record<TestJurisdiction, Geography>> = {
  US: {
    zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    // New York, Chicago, San Francisco, Miami (555-01xx: the fictional range).
    phonePrefixes: ['+1212555', '+1312555', '+1415555', '+1305555'],
    digits: 4,
    country: 'US',
    regions: ['NY', 'IL', 'CA', 'FL', undefined],
    currency: 'USD',
    locale: 'en-US',
  },
  'US-MA': {
    zones: ['America/New_York'],
    phonePrefixes: ['+1617555', '+1413555'],
    digits: 4,
    country: 'US',
    regions: ['MA'],
    currency: 'USD',
    locale: 'en-US',
  },
  'US-WA': {
    zones: ['America/Los_Angeles'],
    phonePrefixes: ['+1206555', '+1509555'],
    digits: 4,
    country: 'US',
    regions: ['WA'],
    currency: 'USD',
    locale: 'en-US',
  },
  CN: {
    zones: ['Asia/Shanghai', 'Asia/Urumqi'],
    phonePrefixes: ['+8613800138', '+8613900139'],
    digits: 3,
    country: 'CN',
    regions: ['上海市', undefined],
    currency: 'CNY',
    locale: 'zh-CN',
  },
  GB: {
    zones: ['Europe/London'],
    phonePrefixes: ['+447700900'],
    digits: 3,
    country: 'GB',
    regions: [undefined],
    currency: 'GBP',
    locale: 'en-GB',
  },
};

export const SUPPRESSING_FLAGS = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-communication',
  'attorney-represented',
  'legal-hold',
] as const satisfies readonly AccountFlag[];
const ALL_FLAGS: readonly AccountFlag[] = AccountFlag.options;
const BASES: readonly ConsentBasis[] = ConsentBasis.options;
const CHANNELS: readonly OutreachChannel[] = ['sms', 'email', 'letter', 'agent-call'];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 11, 31, 23, 59);

/**
 * An instant in 2026–2027; one in four lands within a day of a DST change in America/New_York
 * (2026-03-08 07:00Z, 2026-11-01 06:00Z), one in eight within a minute or two of one.
 */
export const nowArb: fc.Arbitrary<DateTime> = fc
  .oneof(
    { weight: 5, arbitrary: fc.integer({ min: FROM, max: TO }) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(
          fc.constantFrom(Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)),
          fc.integer({ min: -DAY_MS, max: DAY_MS }),
        )
        .map(([change, offset]) => change + offset),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom(Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)),
          fc.integer({ min: -120, max: 120 }),
        )
        .map(([change, minutes]) => change + minutes * 60_000),
    },
  )
  .map((ms) => DateTime.fromMillis(ms, { zone: 'utc' }));

export type ArrangementSpec =
  | {
      readonly kind: 'promise-to-pay';
      readonly status: 'made' | 'kept' | 'broken' | 'cancelled';
      /** Promised date, in days from now's date in the primary zone. */
      readonly promisedInDays: number;
    }
  | {
      readonly kind: 'instalment-plan';
      readonly status: 'made' | 'kept' | 'broken' | 'cancelled';
      /** Instalment dates, in days from now's date in the primary zone. */
      readonly dueInDays: readonly number[];
    };

export interface AccountSpec {
  readonly product: 'credit-card' | 'instalment-loan';
  readonly daysPastDue: number;
  readonly amountMinor: number;
  /** Flags set, and flags cleared, by one status event. */
  readonly set: readonly AccountFlag[];
  readonly cleared: readonly AccountFlag[];
  /** A payment, in hours after the due date's UTC midnight (may precede it). */
  readonly payment?: { readonly hoursAfterDue: number; readonly cures: boolean };
  readonly arrangement?: ArrangementSpec;
}

export interface WindowSpec {
  readonly days: readonly number[];
  readonly start: string;
  readonly end: string;
}

export interface ContactSpec {
  readonly timeZone: string;
  readonly candidateTimeZones: readonly string[];
  readonly phones: readonly {
    readonly number: string;
    readonly type: 'mobile' | 'home' | 'work';
    readonly primary: boolean;
  }[];
  readonly emails: readonly { readonly address: string; readonly type: 'personal' | 'work' }[];
  readonly postal: readonly { readonly country: string; readonly region?: string }[];
  readonly preferredWindows: readonly WindowSpec[];
  readonly inconvenientWindows: readonly WindowSpec[];
  /** In minutes from now. */
  readonly appointmentsInMinutes: readonly number[];
  readonly doNotContactAtWork: boolean;
}

export interface ConsentSpec {
  readonly channel: ContactChannel;
  readonly address: string;
  readonly purpose: Purpose;
  readonly status: 'granted' | 'revoked';
  readonly basis: ConsentBasis;
  /** In hours from now: negative is in force, positive is dated after now. */
  readonly atInHours: number;
}

export interface Scenario {
  readonly jurisdiction: TestJurisdiction;
  readonly now: DateTime;
  readonly account: AccountSpec;
  readonly contact: ContactSpec;
  readonly consents: readonly ConsentSpec[];
  readonly history: readonly ContactHistoryEntry[];
  readonly tried: readonly TriedSpec[];
}

const timeArb = (minHour: number, maxHour: number) =>
  fc
    .tuple(fc.integer({ min: minHour, max: maxHour }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const windowArb: fc.Arbitrary<WindowSpec> = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    start: timeArb(0, 22),
    hours: fc.integer({ min: 1, max: 12 }),
  })
  .map(({ days, start, hours }) => {
    const [h = 0, m = 0] = start.split(':').map(Number);
    const endMinutes = Math.min(24 * 60, h * 60 + m + hours * 60);
    const end =
      endMinutes === 24 * 60
        ? '24:00'
        : `${String(Math.floor(endMinutes / 60)).padStart(2, '0')}:${String(endMinutes % 60).padStart(2, '0')}`;
    return { days, start, end };
  });

function phoneArb(geo: Geography) {
  return fc
    .tuple(
      fc.constantFrom(...geo.phonePrefixes),
      fc.integer({ min: 100, max: 199 }),
      fc.constantFrom('mobile' as const, 'mobile' as const, 'home' as const, 'work' as const),
    )
    .map(([prefix, n, type]) => ({
      number: `${prefix}${String(n).padStart(geo.digits, '0').slice(-geo.digits)}`,
      type,
    }));
}

function contactArb(jurisdiction: TestJurisdiction): fc.Arbitrary<ContactSpec> {
  const geo = GEOGRAPHY[jurisdiction];
  return fc.record({
    timeZone: fc.constantFrom(...geo.zones),
    candidateTimeZones: fc.subarray([...geo.zones], { maxLength: Math.min(2, geo.zones.length) }),
    phones: fc
      .tuple(
        fc.uniqueArray(phoneArb(geo), { maxLength: 3, selector: (p) => p.number }),
        fc.integer({ min: -1, max: 2 }),
      )
      .map(([phones, primary]) => phones.map((p, i) => ({ ...p, primary: i === primary }))),
    emails: fc.uniqueArray(
      fc.record({
        address: fc.constantFrom('li.wei@example.com', 'jo@example.org', 'work@corp.example'),
        type: fc.constantFrom('personal' as const, 'work' as const),
      }),
      { maxLength: 2, selector: (e) => e.address },
    ),
    postal: fc.array(
      fc
        .constantFrom(...geo.regions)
        .map((region) =>
          region === undefined ? { country: geo.country } : { country: geo.country, region },
        ),
      { maxLength: 1 },
    ),
    preferredWindows: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(windowArb, { minLength: 1, maxLength: 2 }) },
    ),
    inconvenientWindows: fc.oneof(
      { weight: 3, arbitrary: fc.constant([]) },
      { weight: 1, arbitrary: fc.array(windowArb, { minLength: 1, maxLength: 2 }) },
    ),
    appointmentsInMinutes: fc.array(fc.integer({ min: -3 * 24 * 60, max: 6 * 24 * 60 }), {
      maxLength: 2,
    }),
    doNotContactAtWork: fc.boolean(),
  });
}

function addressesOf(contact: ContactSpec, channel: ContactChannel): string[] {
  if (channel === 'email') return contact.emails.map((e) => e.address);
  if (channel === 'letter') return contact.postal.length > 0 ? ['postal'] : [];
  return contact.phones.map((p) => p.number);
}

function consentsArb(contact: ContactSpec): fc.Arbitrary<ConsentSpec[]> {
  const keys = (['sms', 'voice', 'email', 'letter'] as const).flatMap((channel) =>
    addressesOf(contact, channel).flatMap((address) =>
      (['servicing', 'marketing'] as const).map((purpose) => ({ channel, address, purpose })),
    ),
  );
  if (keys.length === 0) return fc.constant([]);
  return fc
    .uniqueArray(
      fc.record({
        key: fc.constantFrom(...keys),
        status: fc.constantFrom('granted' as const, 'granted' as const, 'revoked' as const),
        basis: fc.constantFrom(...BASES, 'express-consent' as const, 'written-consent' as const),
        atInHours: fc.oneof(
          { weight: 5, arbitrary: fc.integer({ min: -24 * 400, max: -1 }) },
          { weight: 1, arbitrary: fc.integer({ min: 1, max: 24 * 10 }) },
        ),
      }),
      {
        maxLength: 8,
        selector: ({ key }) => `${key.channel}|${key.address}|${key.purpose}`,
      },
    )
    .map((records) => records.map(({ key, ...rest }) => ({ ...key, ...rest })));
}

const arrangementArb: fc.Arbitrary<ArrangementSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('promise-to-pay' as const),
    status: fc.constantFrom(
      'made' as const,
      'kept' as const,
      'broken' as const,
      'cancelled' as const,
    ),
    promisedInDays: fc.integer({ min: -10, max: 10 }),
  }),
  fc.record({
    kind: fc.constant('instalment-plan' as const),
    status: fc.constantFrom(
      'made' as const,
      'kept' as const,
      'broken' as const,
      'cancelled' as const,
    ),
    dueInDays: fc.uniqueArray(fc.integer({ min: -60, max: 60 }), { minLength: 1, maxLength: 4 }),
  }),
);

const paymentArb = fc.record({
  hoursAfterDue: fc.integer({ min: -72, max: 24 * 30 }),
  cures: fc.boolean(),
});

/** Absent three times in four. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

export interface AccountArbOptions {
  /** Probability weights: none of the suppressing facts (flags, payment, arrangement). */
  readonly clean?: boolean;
  readonly product?: AccountSpec['product'];
  readonly daysPastDue?: fc.Arbitrary<number>;
}

function accountArb(options: AccountArbOptions = {}): fc.Arbitrary<AccountSpec> {
  const flags: fc.Arbitrary<AccountFlag[]> = fc.oneof(
    { weight: 3, arbitrary: fc.constant<AccountFlag[]>([]) },
    { weight: 1, arbitrary: fc.uniqueArray(fc.constantFrom(...ALL_FLAGS), { maxLength: 2 }) },
  );
  return fc
    .record({
      product: options.product
        ? fc.constant(options.product)
        : fc.constantFrom('credit-card' as const, 'instalment-loan' as const),
      daysPastDue:
        options.daysPastDue ??
        fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 1, max: 89 }) },
          { weight: 1, arbitrary: fc.integer({ min: 0, max: 200 }) },
        ),
      amountMinor: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0) },
        { weight: 12, arbitrary: fc.integer({ min: 1, max: 500_000 }) },
      ),
      flags: options.clean ? fc.constant<AccountFlag[]>([]) : flags,
      clearedFlags: options.clean ? fc.constant<AccountFlag[]>([]) : flags,
      payment: options.clean ? fc.constant(undefined) : rarely(paymentArb),
      arrangement: options.clean ? fc.constant(undefined) : rarely(arrangementArb),
    })
    .map(({ flags: set, clearedFlags, payment, arrangement, ...rest }) => ({
      ...rest,
      set,
      cleared: clearedFlags.filter((f) => !set.includes(f)),
      ...(payment ? { payment } : {}),
      ...(arrangement ? { arrangement } : {}),
    }));
}

/** A past contact, dated by its age at `now`. */
export type HistorySpec = Omit<ContactHistoryEntry, 'at'> & { readonly ageMinutes: number };

const historyArb: fc.Arbitrary<HistorySpec[]> = fc.array(
  fc
    .record({
      channel: fc.constantFrom(...CHANNELS, 'agent-call' as const, 'sms' as const),
      ageMinutes: fc.integer({ min: 1, max: 14 * 24 * 60 }),
      kind: fc.constantFrom(
        'attempt' as const,
        'attempt' as const,
        'conversation' as const,
        'delivered' as const,
        'undelivered' as const,
      ),
      inbound: fc.boolean(),
      purpose: fc.option(fc.constantFrom('servicing' as const, 'marketing' as const), {
        freq: 2,
      }),
    })
    .map(({ inbound, purpose, ...rest }) => ({
      ...rest,
      ...(inbound && rest.kind === 'conversation' ? { direction: 'inbound' as const } : {}),
      ...(purpose ? { purpose } : {}),
    })),
  { maxLength: 12 },
);

/** A channel tried earlier in this cycle, in some stage. */
export type TriedSpec = TriedChannel & { readonly stage: number };

const triedArb: fc.Arbitrary<TriedSpec[]> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<TriedSpec[]>([]) },
  {
    weight: 1,
    arbitrary: fc.uniqueArray(
      fc.record({
        stage: fc.integer({ min: 1, max: 5 }),
        channel: fc.constantFrom(...CHANNELS),
        outcome: fc.constantFrom(
          'undelivered' as const,
          'failed' as const,
          'suppressed' as const,
          'delivered' as const,
          'pending' as const,
        ),
      }),
      { maxLength: 3, selector: (t) => `${t.stage}|${t.channel}` },
    ),
  },
);

export interface ScenarioOptions extends AccountArbOptions {
  readonly jurisdictions?: readonly TestJurisdiction[];
  readonly history?: fc.Arbitrary<HistorySpec[]>;
  readonly tried?: fc.Arbitrary<TriedSpec[]>;
  readonly now?: fc.Arbitrary<DateTime>;
}

/**
 * A whole case. History entries are generated as ages (`ageMinutes`) and turned into instants
 * relative to `now` here.
 */
export function scenarioArb(options: ScenarioOptions = {}): fc.Arbitrary<Scenario> {
  return fc
    .constantFrom(...(options.jurisdictions ?? JURISDICTIONS))
    .chain((jurisdiction) =>
      contactArb(jurisdiction).chain((contact) =>
        fc.record({
          jurisdiction: fc.constant(jurisdiction),
          now: options.now ?? nowArb,
          account: accountArb(options),
          contact: fc.constant(contact),
          consents: consentsArb(contact),
          history: options.history ?? historyArb,
          tried: options.tried ?? triedArb,
        }),
      ),
    )
    .map((s) => ({
      ...s,
      history: s.history.map(({ ageMinutes, ...rest }) => ({
        ...rest,
        at: iso(s.now.minus({ minutes: ageMinutes })),
      })),
    }));
}

/** History of agent calls and texts only, dense enough to reach the call caps. */
export const busyHistoryArb: fc.Arbitrary<HistorySpec[]> = fc.array(
  fc.record({
    channel: fc.constantFrom('agent-call' as const, 'agent-call' as const, 'sms' as const),
    ageMinutes: fc.integer({ min: 1, max: 10 * 24 * 60 }),
    kind: fc.constantFrom('attempt' as const, 'delivered' as const, 'undelivered' as const),
  }),
  { maxLength: 10 },
);

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

export const ACCOUNT_ID = sampleEvents['account.overdue'].payload.accountId;
export const TENANT_ID = 'bank-1';

/** Today's date (`YYYY-MM-DD`) in the customer's primary zone, shifted by `days`. */
export function localDate(s: Scenario, days: number): string {
  return s.now.setZone(s.contact.timeZone).plus({ days }).toISODate() ?? '';
}

/** The due date: `daysPastDue` local days before now. */
export function dueDateOf(s: Scenario): string {
  return localDate(s, -s.account.daysPastDue);
}

/** When a generated payment was made (never after now: the bank reports what happened). */
export function paidAtOf(s: Scenario): DateTime | undefined {
  const p = s.account.payment;
  if (!p) return undefined;
  const at = DateTime.fromISO(`${dueDateOf(s)}T00:00:00Z`, { zone: 'utc' }).plus({
    hours: p.hoursAfterDue,
  });
  return at > s.now ? s.now.minus({ minutes: 1 }) : at;
}

/** The bank's events for a scenario, all dated before `now`. */
export function eventsOf(s: Scenario): BankInput[] {
  const geo = GEOGRAPHY[s.jurisdiction];
  const money = (amountMinor: number) => ({ amountMinor, currency: geo.currency });
  let n = 0;
  const envelope = (occurredAt: DateTime) => ({
    eventId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    occurredAt: iso(occurredAt),
    tenantId: TENANT_ID,
  });
  const earlier = (hours: number) => s.now.minus({ hours });
  const events: BankInput[] = [];

  const overdue = sampleEvents['account.overdue'];
  events.push({
    ...overdue,
    ...envelope(earlier(2)),
    payload: {
      ...overdue.payload,
      product: s.account.product,
      dueDate: dueDateOf(s),
      daysPastDue: s.account.daysPastDue,
      overdueAmount: money(s.account.amountMinor),
      totalBalance: money(s.account.amountMinor * 3),
      minimumPayment: money(Math.floor(s.account.amountMinor / 4)),
    },
  });

  const contact = sampleEvents['contact.updated'];
  const c = s.contact;
  events.push({
    ...contact,
    ...envelope(earlier(24)),
    payload: {
      ...contact.payload,
      phones: c.phones.map((p) => ({ ...p })),
      emails: c.emails.map((e) => ({ ...e })),
      postalAddresses: c.postal.map((p) => ({
        lines: ['1 Example Street'],
        city: 'Example',
        ...p,
      })),
      locale: geo.locale,
      timeZone: c.timeZone,
      candidateTimeZones: [...c.candidateTimeZones],
      jurisdiction: s.jurisdiction,
      preferredWindows: c.preferredWindows.map((w) => ({ ...w, days: [...w.days] })),
      inconvenientWindows: c.inconvenientWindows.map((w) => ({ ...w, days: [...w.days] })),
      appointments: c.appointmentsInMinutes.map((m) => ({ at: iso(s.now.plus({ minutes: m })) })),
      doNotContactAtWork: c.doNotContactAtWork,
    },
  });

  const consent = sampleEvents['contact.consent'];
  for (const record of s.consents) {
    const at = s.now.plus({ hours: record.atInHours });
    events.push({
      ...consent,
      ...envelope(at < s.now ? at : earlier(1)),
      payload: consentPayload(record, iso(at)),
    });
  }

  const { set, cleared } = s.account;
  if (set.length + cleared.length > 0) {
    const status = sampleEvents['account.status'];
    events.push({
      ...status,
      ...envelope(earlier(3)),
      payload: {
        accountId: ACCOUNT_ID,
        set: [...set],
        cleared: [...cleared],
        effectiveAt: iso(earlier(4)),
      },
    });
  }

  const paidAt = paidAtOf(s);
  if (paidAt && s.account.payment) {
    const payment = sampleEvents['account.payment'];
    events.push({
      ...payment,
      ...envelope(paidAt),
      payload: {
        ...payment.payload,
        amount: money(Math.max(1, s.account.amountMinor)),
        paidAt: iso(paidAt),
        remainingOverdue: money(s.account.payment.cures ? 0 : s.account.amountMinor),
        curesAccount: s.account.payment.cures,
      },
    });
  }

  const a = s.account.arrangement;
  if (a) {
    const base = sampleEvents['account.arrangement'];
    const common = { accountId: ACCOUNT_ID, arrangementId: 'arr-1', status: a.status };
    events.push({
      ...base,
      ...envelope(earlier(5)),
      payload:
        a.kind === 'promise-to-pay'
          ? {
              ...common,
              kind: 'promise-to-pay',
              promisedDate: localDate(s, a.promisedInDays),
              amount: money(Math.max(1, s.account.amountMinor)),
            }
          : {
              ...common,
              kind: 'instalment-plan',
              schedule: a.dueInDays.map((d) => ({
                dueDate: localDate(s, d),
                amount: money(Math.max(1, Math.floor(s.account.amountMinor / 3))),
              })),
            },
    });
  }
  return events;
}

function consentPayload(record: ConsentSpec, at: string): ContactConsentV1Payload {
  const common = {
    accountId: ACCOUNT_ID,
    purpose: record.purpose,
    status: record.status,
    basis: record.basis,
    source: 'branch' as const,
    at,
  };
  if (record.channel === 'letter') return { ...common, channel: 'letter', address: 'postal' };
  if (record.channel === 'email') return { ...common, channel: 'email', address: record.address };
  return { ...common, channel: record.channel, address: record.address };
}

export function stateOf(events: readonly BankInput[]): AccountState {
  return events.reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState(TENANT_ID, ACCOUNT_ID),
  );
}

/** The planner's facts for a scenario. */
export function factsOf(s: Scenario, history: readonly ContactHistoryEntry[] = s.history) {
  return { state: stateOf(eventsOf(s)), history: [...history], tried: [...s.tried] };
}
