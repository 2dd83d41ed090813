import { DateTime, IANAZone } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel } from '@kindly/contracts';
import type { AccountState as KnownState } from '../state/account-state.js';
import type { AccountState as PolicyAccount, ContactState } from '../policy/index.js';
import { constantOffsetMs } from '../windows/zone-offsets.js';

/** The account as the policy checks read it: active flags, amounts, the latest arrangement. */
export function policyAccountOf(state: KnownState): PolicyAccount | undefined {
  const overdue = state.overdue?.value;
  if (!overdue) return undefined;
  const flags = Object.entries(state.flags)
    .filter(([, flag]) => flag?.active === true)
    .map(([name]) => name as keyof KnownState['flags']);
  const lastPayment = state.payments[0]?.value;
  const arrangement = [...state.arrangements].sort(
    (a, b) => Date.parse(b.asOf) - Date.parse(a.asOf),
  )[0]?.value;
  return {
    flags,
    overdueAmount: overdue.overdueAmount,
    // A curing payment counts for this cycle if it came on or after the due date, where the
    // customer is: a payment at 07:00 on the due date in Shanghai is 23:00 the day before in UTC.
    overdueSince: startOfLocalDay(overdue.dueDate, state.contact?.value.timeZone ?? 'UTC'),
    ...(lastPayment
      ? { lastPayment: { at: lastPayment.paidAt, curesAccount: lastPayment.curesAccount } }
      : {}),
    ...(arrangement?.kind === 'promise-to-pay'
      ? {
          arrangement: {
            kind: 'promise-to-pay',
            status: arrangement.status,
            promisedDate: arrangement.promisedDate,
          },
        }
      : arrangement?.kind === 'instalment-plan'
        ? {
            arrangement: {
              kind: 'instalment-plan',
              status: arrangement.status,
              schedule: arrangement.schedule,
            },
          }
        : {}),
  };
}

/** The customer as the policy checks read them. */
export function policyContactOf(state: KnownState, contact: ContactUpdatedV1Payload): ContactState {
  return {
    timeZone: contact.timeZone,
    candidateTimeZones: contact.candidateTimeZones,
    phones: contact.phones,
    emails: contact.emails,
    hasPostalAddress: contact.postalAddresses.length > 0,
    consents: state.consents.map(({ value }) => ({
      channel: value.channel,
      address: value.address,
      purpose: value.purpose,
      status: value.status,
      basis: value.basis,
      at: value.at,
    })),
    // Opt-outs arrive as revoked consents (STOP, unsubscribe, a request to an agent).
    optOuts: [],
    doNotContactAtWork: contact.doNotContactAtWork,
    // A delivery fact, not a consent: the address is barred on its channel for every purpose.
    // The newest report per address is kept; one saying `reachable` bars nothing.
    unreachable: (state.unreachable ?? [])
      .filter(({ value }) => value.status !== 'reachable')
      .map(({ value }) => ({
        channel: value.channel,
        address: value.address,
        at: value.at,
        reason: value.reason,
      })),
  };
}

/**
 * The address a channel would use: the primary mobile for SMS and calls (a mobile first, then
 * any phone), a personal e-mail before a work one, the postal address for letters.
 */
export function addressFor(
  channel: OutreachChannel,
  contact: ContactUpdatedV1Payload,
): string | undefined {
  switch (channel) {
    case 'sms': {
      const mobiles = contact.phones.filter((p) => p.type === 'mobile');
      return (mobiles.find((p) => p.primary) ?? mobiles[0])?.number;
    }
    case 'agent-call':
      return (contact.phones.find((p) => p.primary) ?? contact.phones[0])?.number;
    case 'email':
      return (contact.emails.find((e) => e.type === 'personal') ?? contact.emails[0])?.address;
    case 'letter':
      return contact.postalAddresses.length > 0 ? 'postal' : undefined;
  }
}

/**
 * The type of the address `addressFor` picks (`mobile`, `home`, `work`, `personal`), for caps
 * limited to some types (Massachusetts counts work numbers apart). None for letters.
 */
export function addressTypeFor(
  channel: OutreachChannel,
  contact: ContactUpdatedV1Payload,
): 'mobile' | 'home' | 'work' | 'personal' | undefined {
  const address = addressFor(channel, contact);
  if (address === undefined) return undefined;
  switch (channel) {
    case 'sms':
    case 'agent-call':
      return contact.phones.find((p) => p.number === address)?.type;
    case 'email':
      return contact.emails.find((e) => e.address === address)?.type;
    case 'letter':
      return undefined;
  }
}

/*
 * The start of a due date where the customer is: a pure function of the date and the zone, asked
 * on every decision about the account with the same two. Kept per zone, then date, so that a
 * lookup builds no key; cleared when full, so it stays small.
 */
const START_OF_DAY_CACHE_SIZE = 4_096;
const startsOfDay = new Map<string, Map<string, string>>();
let startsOfDayCount = 0;

function startOfLocalDay(date: string, zone: string): string {
  let byDate = startsOfDay.get(zone);
  const cached = byDate?.get(date);
  if (cached !== undefined) return cached;
  const start =
    startOfLocalDayFast(date, zone) ??
    DateTime.fromISO(date, { zone }).startOf('day').toUTC().toISO() ??
    `${date}T00:00:00Z`;
  if (startsOfDayCount >= START_OF_DAY_CACHE_SIZE) {
    startsOfDay.clear();
    startsOfDayCount = 0;
    byDate = undefined;
  }
  if (byDate === undefined) {
    byDate = new Map();
    startsOfDay.set(zone, byDate);
  }
  byDate.set(date, start);
  startsOfDayCount += 1;
  return start;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}$/;

/**
 * The same ISO text without luxon's zone math, in the common case only: a valid date of a
 * four-digit year, in a valid IANA zone whose offset does not change within two days of it (so
 * its midnight exists once and is the wall-clock midnight minus that offset). Anything else,
 * `undefined`, and luxon answers.
 */
function startOfLocalDayFast(date: string, zone: string): string | undefined {
  const match = ISO_DATE.exec(date);
  const year = Number(match?.[1]);
  if (!(year > 1000 && year < 9999)) return undefined;
  const wallMidnight = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(wallMidnight)) return undefined;
  if (new Date(wallMidnight).toISOString().slice(0, 10) !== date) return undefined;
  const iana = IANAZone.create(zone);
  if (!iana.isValid) return undefined;
  const offsetMs = constantOffsetMs(iana, wallMidnight - 2 * DAY_MS, wallMidnight + 2 * DAY_MS);
  return offsetMs === undefined ? undefined : new Date(wallMidnight - offsetMs).toISOString();
}
