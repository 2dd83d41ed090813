/**
 * A New York customer's bank events (the same facts the planner plans from) and the plan the
 * planner makes for them: test and benchmark data for the scheduler, exported as
 * `@kindly/scheduler/testing`.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type EventOf,
} from '@kindly/contracts';
import {
  decideOutreach,
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
  type BankInput,
} from '@kindly/rules';

export const rules = loadPlanningRules();
export const TENANT = 'bank-1';
const MONEY = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

/** What a test may choose about the customer; the rest is the same for every one. */
export interface NewYorkAccountOptions {
  /** The bank: TENANT unless given. */
  tenantId?: string;
  /** The mobile number: a random New York number unless given. */
  phone?: string;
  /** The e-mail address on the contact record: `<accountId>@example.com` unless given; null for none. */
  email?: string | null;
  /** When the bank recorded the contact details and the consent: 2026-02-01T00:00:00Z unless given. */
  givenAt?: string;
}

/** One customer in New York, 3 days past due, who consented to servicing texts. */
export function aNewYorkAccount(
  accountId = `acct-${randomBytes(4).toString('hex')}`,
  options: NewYorkAccountOptions = {},
) {
  const tenantId = options.tenantId ?? TENANT;
  const cycleId = `${accountId}-2026-03-01`;
  const phone =
    options.phone ?? `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const email = options.email === undefined ? `${accountId}@example.com` : options.email;
  const givenAt = options.givenAt ?? '2026-02-01T00:00:00Z';
  const base = { tenantId, correlationId: `cycle-${cycleId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-04T12:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId,
      dueDate: '2026-03-01',
      daysPastDue: 3,
      overdueAmount: MONEY(12_050),
      totalBalance: MONEY(152_000),
      minimumPayment: MONEY(7_600),
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: givenAt,
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      name: { family: 'Doe', given: 'Jane' },
      phones: [{ number: phone, type: 'mobile', primary: true }],
      emails: email === null ? [] : [{ address: email, type: 'personal' }],
      postalAddresses: [],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: [],
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
  const consent: EventOf<'contact.consent'> = {
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: givenAt,
    payload: {
      accountId,
      channel: 'sms',
      address: phone,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: givenAt,
    },
  };
  const events: BankInput[] = [contact, consent, overdue];
  return {
    tenantId,
    accountId,
    cycleId,
    phone,
    email,
    base,
    overdue,
    contact,
    consent,
    events,
    stateAfter: stateOf(accountId, events, tenantId),
  };
}

export type NewYorkAccount = ReturnType<typeof aNewYorkAccount>;

export function stateOf(
  accountId: string,
  events: readonly BankInput[],
  tenantId = TENANT,
): AccountState {
  return events.reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState(tenantId, accountId),
  );
}

/** The `outreach.planned` event the planner publishes for the account at `at`. */
export function plannedEvent(account: NewYorkAccount, at: string): EventOf<'outreach.planned'> {
  const decision = decideOutreach(
    rules,
    { state: account.stateAfter, history: [], tried: [] },
    DateTime.fromISO(at, { zone: 'utc' }),
  );
  if (decision.kind !== 'plan') throw new Error(`expected a plan, got ${decision.kind}`);
  return createEvent('outreach.planned', {
    ...account.base,
    causationId: account.overdue.eventId,
    eventId: deterministicId('outreach.planned', decision.message.messageId),
    occurredAt: at,
    payload: decision.message,
  });
}
