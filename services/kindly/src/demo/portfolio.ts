/**
 * The demo's portfolio: overdue accounts across stages, places, locales, consents and behaviours,
 * and what the bank (and the customers) will do over the simulated days, as timed events. Pure:
 * the same seed and start give the same portfolio.
 */
import type { DateTime } from 'luxon';
import { deterministicId, type EventOf } from '@kindly/contracts';
import { between, pick, seededRandom } from './seeded-random.js';

export const TENANT = 'demo-bank';

type Place = 'US' | 'CN' | 'GB';
type Currency = 'USD' | 'CNY' | 'GBP';

/** How a customer behaves: what the bank's events and the stand-ins will show. */
export type Behaviour =
  | 'pays'
  | 'promise-kept'
  | 'promise-broken'
  | 'dispute'
  | 'stop-reply'
  | 'sms-undeliverable'
  | 'never-pays';

export type BankEvent =
  | EventOf<'account.overdue'>
  | EventOf<'account.payment'>
  | EventOf<'account.arrangement'>
  | EventOf<'account.status'>
  | EventOf<'contact.updated'>
  | EventOf<'contact.consent'>;

/** Something that happens at an instant of simulated time. */
export type TimedAction =
  | { readonly at: number; readonly kind: 'bank'; readonly event: BankEvent }
  | {
      readonly at: number;
      readonly kind: 'sms-reply';
      readonly from: string;
      readonly body: string;
    };

export interface DemoAccount {
  readonly accountId: string;
  readonly place: Place;
  readonly behaviour: Behaviour;
  readonly phone: string;
  readonly startDpd: number;
}

export interface Portfolio {
  readonly accounts: readonly DemoAccount[];
  /** Every action, in time order. */
  readonly actions: readonly TimedAction[];
  /** Numbers the Twilio stand-in must report undeliverable (30003). */
  readonly undeliverableNumbers: readonly string[];
}

const PLACES: Readonly<
  Record<Place, { zone: string; locale: string; currency: Currency; jurisdiction: string }>
> = {
  US: { zone: 'America/New_York', locale: 'en-US', currency: 'USD', jurisdiction: 'US' },
  CN: { zone: 'Asia/Shanghai', locale: 'zh-CN', currency: 'CNY', jurisdiction: 'CN' },
  GB: { zone: 'Europe/London', locale: 'en-GB', currency: 'GBP', jurisdiction: 'GB' },
};

const BEHAVIOURS: readonly [Behaviour, number][] = [
  ['pays', 0.25],
  ['promise-kept', 0.12],
  ['promise-broken', 0.1],
  ['dispute', 0.05],
  ['stop-reply', 0.05],
  ['sms-undeliverable', 0.08],
  ['never-pays', 0.35],
];

/** Starting days past due, so that the portfolio spans every stage. */
const START_DPD: readonly [number, number, number][] = [
  [0.45, 1, 8],
  [0.2, 15, 25],
  [0.15, 45, 55],
  [0.12, 75, 82],
  [0.08, 92, 100],
];

const DAY = 86_400_000;

/** Whether the customer agreed to marketing: 60 % of accounts, by a hash of the id. */
export function agreedToOffers(accountId: string): boolean {
  return parseInt(deterministicId('demo-marketing', accountId).slice(0, 8), 16) % 5 < 3;
}

/** The customer's e-mail address: where the demo's e-mails to them arrive. */
export function emailOf(accountId: string): string {
  return `${accountId}@example.com`;
}

export function generatePortfolio(options: {
  readonly count: number;
  readonly start: DateTime;
  readonly days: number;
  readonly seed?: number;
}): Portfolio {
  const random = seededRandom(options.seed ?? 20_260_302);
  const start = options.start.toUTC().startOf('day');
  const end = start.toMillis() + options.days * DAY;
  const accounts: DemoAccount[] = [];
  const actions: TimedAction[] = [];
  const undeliverable: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const place = pick(random, ['US', 'US', 'CN', 'CN', 'GB'] as const);
    const behaviour = weighted(random, BEHAVIOURS);
    const [, low, high] = weighted3(random, START_DPD);
    const startDpd = between(random, low, high);
    const accountId = `demo-${String(i).padStart(5, '0')}`;
    const phone = phoneFor(place, i);
    const account: DemoAccount = { accountId, place, behaviour, phone, startDpd };
    accounts.push(account);
    if (behaviour === 'sms-undeliverable') undeliverable.push(phone);
    actions.push(...timelineOf(account, random, start, end));
  }
  actions.sort((a, b) => a.at - b.at);
  return { accounts, actions, undeliverableNumbers: undeliverable };
}

function timelineOf(
  account: DemoAccount,
  random: () => number,
  start: DateTime,
  end: number,
): TimedAction[] {
  const { accountId, place, behaviour, phone } = account;
  const spec = PLACES[place];
  const money = (amountMinor: number) => ({ amountMinor, currency: spec.currency });
  const overdueAmount = between(random, 50, 900) * 100;
  const dueDate = start.minus({ days: account.startDpd }).toISODate() ?? '';
  const cycleId = `${accountId}-${dueDate}`;
  const correlationId = deterministicId('demo-cycle', cycleId);
  const at = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  let n = 0;
  const envelope = (occurredAt: number) => ({
    eventId: deterministicId('demo-event', accountId, String(n++)),
    schemaVersion: '1.0.0',
    occurredAt: at(occurredAt),
    correlationId,
    causationId: null,
    tenantId: TENANT,
  });
  const t0 = start.toMillis();
  const actions: TimedAction[] = [];
  const bank = (time: number, event: BankEvent) => actions.push({ at: time, kind: 'bank', event });

  bank(t0, {
    ...envelope(t0),
    type: 'contact.updated',
    payload: {
      accountId,
      name: place === 'CN' ? { family: '王', given: '芳' } : { family: 'Smith', given: 'Alex' },
      phones: [{ number: phone, type: 'mobile', primary: true }],
      emails: [{ address: emailOf(accountId), type: 'personal' }],
      postalAddresses: [postalAddress(place, account)],
      locale: spec.locale,
      timeZone: spec.zone,
      candidateTimeZones: [],
      jurisdiction: spec.jurisdiction,
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  });
  bank(t0, {
    ...envelope(t0),
    type: 'contact.consent',
    payload: {
      accountId,
      channel: 'sms',
      address: phone,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: at(t0 - 365 * DAY),
    },
  });
  // Three customers in five agreed to hear about offers, by text and by e-mail (decided by the
  // account id, not the seeded draws, so the rest of the portfolio is as it was): the demo's
  // campaign may write to them, and to nobody else.
  if (agreedToOffers(accountId)) {
    const marketing = {
      accountId,
      purpose: 'marketing' as const,
      status: 'granted' as const,
      basis: 'express-consent' as const,
      source: 'web' as const,
      at: at(t0 - 200 * DAY),
    };
    bank(t0, {
      ...envelope(t0),
      type: 'contact.consent',
      payload: { ...marketing, channel: 'sms', address: phone },
    });
    bank(t0, {
      ...envelope(t0),
      type: 'contact.consent',
      payload: { ...marketing, channel: 'email', address: emailOf(accountId) },
    });
  }

  // The bank's daily delinquency update, at 00:30 UTC, until the account is paid.
  const paidDay =
    behaviour === 'pays'
      ? between(random, 1, 20)
      : behaviour === 'promise-kept'
        ? between(random, 8, 25)
        : undefined;
  const lastDay = Math.min(paidDay ?? Number.POSITIVE_INFINITY, Math.floor((end - t0) / DAY));
  for (let day = 0; day <= lastDay && t0 + day * DAY < end; day++) {
    const time = t0 + day * DAY + 30 * 60_000;
    bank(time, {
      ...envelope(time),
      type: 'account.overdue',
      payload: {
        accountId,
        cycleId,
        product: 'credit-card',
        segment: 'retail-standard',
        accountLast4: String(1000 + (Number(accountId.slice(-4)) % 9000)),
        dueDate,
        daysPastDue: account.startDpd + day,
        overdueAmount: money(overdueAmount),
        totalBalance: money(overdueAmount * 8),
        minimumPayment: money(Math.round(overdueAmount / 4)),
      },
    });
  }
  if (paidDay !== undefined && behaviour === 'promise-kept') {
    const madeDay = Math.max(1, paidDay - between(random, 3, 6));
    bank(
      t0 + madeDay * DAY + 15 * 3_600_000,
      arrangement(
        envelope,
        t0 + madeDay * DAY + 15 * 3_600_000,
        accountId,
        'made',
        start.plus({ days: paidDay }).toISODate() ?? '',
        money(overdueAmount),
      ),
    );
    bank(
      t0 + paidDay * DAY + 14 * 3_600_000,
      arrangement(
        envelope,
        t0 + paidDay * DAY + 14 * 3_600_000,
        accountId,
        'kept',
        start.plus({ days: paidDay }).toISODate() ?? '',
        money(overdueAmount),
      ),
    );
  }
  if (paidDay !== undefined) {
    const time = t0 + paidDay * DAY + 13 * 3_600_000;
    bank(time, {
      ...envelope(time),
      type: 'account.payment',
      payload: {
        accountId,
        paymentId: `pay-${accountId}`,
        amount: money(overdueAmount),
        paidAt: at(time - 60_000),
        remainingOverdue: money(0),
        curesAccount: true,
      },
    });
  }
  if (behaviour === 'promise-broken') {
    const madeDay = between(random, 3, 10);
    const promised = madeDay + between(random, 4, 7);
    const promisedDate = start.plus({ days: promised }).toISODate() ?? '';
    bank(
      t0 + madeDay * DAY + 15 * 3_600_000,
      arrangement(
        envelope,
        t0 + madeDay * DAY + 15 * 3_600_000,
        accountId,
        'made',
        promisedDate,
        money(overdueAmount),
      ),
    );
    bank(
      t0 + (promised + 2) * DAY + 2 * 3_600_000,
      arrangement(
        envelope,
        t0 + (promised + 2) * DAY + 2 * 3_600_000,
        accountId,
        'broken',
        promisedDate,
        money(overdueAmount),
      ),
    );
  }
  if (behaviour === 'dispute') {
    const time = t0 + between(random, 2, 15) * DAY + 16 * 3_600_000;
    bank(time, {
      ...envelope(time),
      type: 'account.status',
      payload: { accountId, set: ['dispute'], cleared: [], effectiveAt: at(time) },
    });
  }
  if (behaviour === 'stop-reply') {
    actions.push({
      at: t0 + between(random, 2, 10) * DAY + 17 * 3_600_000,
      kind: 'sms-reply',
      from: phone,
      body: place === 'CN' ? '退订' : 'STOP',
    });
  }
  return actions.filter((action) => action.at < end);
}

function arrangement(
  envelope: (at: number) => Omit<EventOf<'account.arrangement'>, 'type' | 'payload'>,
  time: number,
  accountId: string,
  status: 'made' | 'kept' | 'broken',
  promisedDate: string,
  amount: { amountMinor: number; currency: Currency },
): EventOf<'account.arrangement'> {
  return {
    ...envelope(time),
    type: 'account.arrangement',
    payload: {
      accountId,
      arrangementId: `ptp-${accountId}`,
      kind: 'promise-to-pay',
      status,
      promisedDate,
      amount,
    },
  };
}

function phoneFor(place: Place, i: number): string {
  const suffix = String(i).padStart(4, '0');
  switch (place) {
    case 'US':
      return `+1212555${suffix}`;
    case 'CN':
      return `+86138${String(10_000_000 + i).slice(0, 8)}`;
    case 'GB':
      return `+4477009${String(i).padStart(5, '0')}`;
  }
}

function postalAddress(place: Place, account: DemoAccount) {
  switch (place) {
    case 'US':
      return {
        lines: [`${100 + (account.startDpd % 800)} Main Street`],
        city: 'New York',
        region: 'NY',
        postalCode: '10001',
        country: 'US',
      };
    case 'CN':
      return {
        lines: ['浦东新区世纪大道 100 号'],
        city: '上海',
        region: '上海市',
        postalCode: '200120',
        country: 'CN',
      };
    case 'GB':
      return { lines: ['10 High Street'], city: 'London', postalCode: 'SW1A 1AA', country: 'GB' };
  }
}

function weighted<T>(random: () => number, items: readonly (readonly [T, number])[]): T {
  let roll = random();
  for (const [item, weight] of items) {
    if (roll < weight) return item;
    roll -= weight;
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('no items');
  return last[0];
}

function weighted3(random: () => number, items: readonly (readonly [number, number, number])[]) {
  let roll = random();
  for (const item of items) {
    if (roll < item[0]) return item;
    roll -= item[0];
  }
  const last = items[items.length - 1];
  if (!last) throw new Error('no items');
  return last;
}
