/**
 * fast-check generators for the planner-versus-re-check property: a customer (contact record,
 * consents), an overdue account (maybe flagged, paid, or under an arrangement) and an instant in
 * 2026–2027 with the America/New_York DST changes weighted in. Modelled on the planner's own
 * generators (shared/rules/src/decide/testing/arbitraries.ts), written as events from the start.
 */
import fc from 'fast-check';
import type { AccountFlag, ContactUpdatedV1Payload } from '@kindly/contracts';
import { consentsArb, withMarketing, type ConsentCase } from './consent-arbitraries.js';

interface Place {
  readonly zones: readonly [string, ...string[]];
  readonly phonePrefixes: readonly string[];
  readonly country: string;
  readonly region?: string;
}

/** Each jurisdiction with where its customers live; IN reads the `default` policy (UTC+05:30). */
export const PLACES: Readonly<Record<string, Place>> = {
  US: {
    zones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
    phonePrefixes: ['+1212555', '+1312555', '+1415555'],
    country: 'US',
    region: 'NY',
  },
  'US-MA': {
    zones: ['America/New_York'],
    phonePrefixes: ['+1617555'],
    country: 'US',
    region: 'MA',
  },
  'US-WA': {
    zones: ['America/Los_Angeles'],
    phonePrefixes: ['+1206555'],
    country: 'US',
    region: 'WA',
  },
  CN: { zones: ['Asia/Shanghai', 'Asia/Urumqi'], phonePrefixes: ['+861380013'], country: 'CN' },
  GB: { zones: ['Europe/London'], phonePrefixes: ['+447700900'], country: 'GB' },
  IN: { zones: ['Asia/Kolkata'], phonePrefixes: ['+919876543'], country: 'IN' },
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DST_CHANGES = [Date.UTC(2026, 2, 8, 7), Date.UTC(2026, 10, 1, 6)];

/** An instant in 2026–2027; one in three within two days of a New York DST change. */
export const startArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: Date.UTC(2026, 0, 5), max: Date.UTC(2027, 11, 20) }) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...DST_CHANGES), fc.integer({ min: -2 * DAY_MS, max: 2 * DAY_MS }))
      .map(([change, offset]) => change + offset),
  },
);

export type { ConsentCase };

export interface PlannerCase {
  readonly jurisdiction: string;
  readonly start: number;
  readonly contact: Pick<
    ContactUpdatedV1Payload,
    | 'timeZone'
    | 'candidateTimeZones'
    | 'phones'
    | 'emails'
    | 'postalAddresses'
    | 'inconvenientWindows'
    | 'doNotContactAtWork'
  >;
  readonly consents: readonly ConsentCase[];
  readonly product: 'credit-card' | 'instalment-loan';
  readonly daysPastDue: number;
  readonly flags: readonly AccountFlag[];
  /** A payment, hours after the due date's UTC midnight (never after the start). */
  readonly payment?: { readonly hoursAfterDue: number; readonly cures: boolean };
  /** A promise to pay, its date in days from the start. */
  readonly promiseInDays?: number;
  /**
   * The first phone or e-mail address found unreachable, hours before the start. With
   * `tiedRecord`, the bank sends at that same instant a record without the address and, half an
   * hour later, the record with it again: whether the tied record cleared the mark is decided by
   * event id, and the planner and the re-check must agree on it.
   */
  readonly unreachable?: {
    readonly channel: 'sms' | 'email';
    readonly hoursBefore: number;
    readonly tiedRecord?: boolean;
  };
  /** Hours from each send to the next question, and what became of the send. */
  readonly steps: readonly {
    readonly gapHours: number;
    readonly outcome: StepOutcome;
    /** A new contact record after the gap: earlier sends stay judged by the old one. */
    readonly move?: ContactMove | undefined;
  }[];
}

/** What a new contact record changes: another candidate zone, or the first phone dropped. */
export type ContactMove = 'add-zone' | 'drop-first-phone';

export type StepOutcome = 'undelivered' | 'delivered' | 'pending' | 'failed';

const windowArb = fc
  .record({
    days: fc.uniqueArray(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 7 }),
    startHour: fc.integer({ min: 6, max: 20 }),
    hours: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ days, startHour, hours }) => ({
    days,
    start: `${String(startHour).padStart(2, '0')}:00`,
    end: `${String(Math.min(24, startHour + hours)).padStart(2, '0')}:00`,
  }));

type Windows = NonNullable<ContactUpdatedV1Payload['inconvenientWindows']>;

function contactArb(place: Place): fc.Arbitrary<PlannerCase['contact']> {
  const phone = fc
    .tuple(fc.constantFrom(...place.phonePrefixes), fc.integer({ min: 1000, max: 1099 }))
    .map(([prefix, n]) => `${prefix}${n}`);
  return fc.record({
    timeZone: fc.constantFrom(...place.zones),
    candidateTimeZones: fc.subarray([...place.zones], {
      maxLength: Math.min(2, place.zones.length),
    }),
    phones: fc
      .tuple(
        fc.uniqueArray(
          fc.record({
            number: phone,
            type: fc.constantFrom(
              'mobile' as const,
              'mobile' as const,
              'mobile' as const,
              'work' as const,
            ),
          }),
          { minLength: 1, maxLength: 2, selector: (p) => p.number },
        ),
        fc.integer({ min: -1, max: 1 }),
      )
      .map(([phones, primary]) => phones.map((p, i) => ({ ...p, primary: i === primary }))),
    emails: fc.uniqueArray(
      fc.record({
        address: fc.constantFrom('jo@example.org', 'li.wei@example.com', 'jo@corp.example'),
        type: fc.constantFrom('personal' as const, 'work' as const),
      }),
      { minLength: 1, maxLength: 2, selector: (e) => e.address },
    ),
    postalAddresses: fc.constantFrom<ContactUpdatedV1Payload['postalAddresses']>(
      [],
      [
        {
          lines: ['1 Example Street'],
          city: 'Example',
          country: place.country,
          ...(place.region ? { region: place.region } : {}),
        },
      ],
    ),
    inconvenientWindows: fc.oneof(
      { weight: 3, arbitrary: fc.constant<Windows>([]) },
      fc.array(windowArb, { maxLength: 2 }),
    ),
    doNotContactAtWork: fc.boolean(),
  });
}

const SUPPRESSING: readonly AccountFlag[] = [
  'dispute',
  'bankruptcy',
  'cease-communication',
  'cured',
];

export interface PlannerCaseOptions {
  /** For a repayment-offer campaign: 30 days past due or more, and mostly marketing consent. */
  readonly campaign?: boolean;
}

export function plannerCaseArb(options: PlannerCaseOptions = {}): fc.Arbitrary<PlannerCase> {
  return fc
    .constantFrom(...Object.keys(PLACES))
    .chain((jurisdiction) => {
      const place = PLACES[jurisdiction] ?? PLACES['US']!;
      return contactArb(place).chain((contact) =>
        fc.record({
          jurisdiction: fc.constant(jurisdiction),
          start: startArb,
          contact: fc.constant(contact),
          consents: options.campaign
            ? consentsArb(contact).chain(withMarketing(contact))
            : consentsArb(contact),
          product: fc.constantFrom('credit-card' as const, 'instalment-loan' as const),
          daysPastDue: options.campaign
            ? fc.integer({ min: 28, max: 120 })
            : fc.oneof(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 120 })),
          flags: fc.oneof(
            { weight: 10, arbitrary: fc.constant([]) },
            fc.subarray([...SUPPRESSING], { maxLength: 1 }),
          ),
          payment: rarely(
            fc.record({
              hoursAfterDue: fc.integer({ min: -72, max: 24 * 20 }),
              cures: fc.boolean(),
            }),
          ),
          promiseInDays: rarely(fc.integer({ min: -5, max: 5 })),
          unreachable: rarely(
            fc.record({
              channel: fc.constantFrom('sms' as const, 'email' as const),
              hoursBefore: fc.integer({ min: 1, max: 40 }),
              tiedRecord: fc.boolean(),
            }),
          ),
          steps: fc.array(
            fc.record({
              gapHours: fc.oneof(
                fc.constant(0),
                fc.integer({ min: 0, max: 96 }),
                fc.integer({ min: 24, max: 240 }),
              ),
              outcome: fc.constantFrom<StepOutcome>(
                'undelivered',
                'undelivered',
                'delivered',
                'pending',
                'failed',
              ),
              move: rarely(fc.constantFrom<ContactMove>('add-zone', 'drop-first-phone')),
            }),
            { minLength: 1, maxLength: 8 },
          ),
        }),
      );
    })
    .map((c) => (c.payment === undefined ? omit(c, 'payment') : c))
    .map((c) => (c.promiseInDays === undefined ? omit(c, 'promiseInDays') : c))
    .map((c) => (c.unreachable === undefined ? omit(c, 'unreachable') : c));
}

/** Absent seven times in eight. */
function rarely<T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: 7, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
}

function omit<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}
