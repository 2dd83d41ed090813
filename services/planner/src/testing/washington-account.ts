import { DateTime } from 'luxon';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import {
  emptyAccountState,
  evolveAccountState,
  type AccountState,
  type BankInput,
} from '@kindly/rules';

/** The planner tests' instant: Wednesday 2026-06-10, 11:00 in Seattle. */
export const WASHINGTON_NOW = DateTime.fromISO('2026-06-10T18:00:00Z', { zone: 'utc' });

export const SEATTLE_PHONE = '+12065550123';

const base = { tenantId: 'bank-1', correlationId: 'c', causationId: null };

export interface WashingtonAccountOptions {
  /** Days past due on 2026-06-10: 3 or 5 is stage 1 (an SMS), 50 stage 3 (a call, then an SMS). */
  readonly daysPastDue: number;
  /** The overdue amount in cents (the minimum payment is $120). */
  readonly overdueMinor?: number;
  /** Later facts folded in after the overdue event, the contact and the SMS consent. */
  readonly more?: readonly BankInput[];
}

/**
 * A Washington customer (US-WA: at most 3 contacts a week), overdue on 2026-06-10, reachable by
 * SMS with consent and by post: the account the planner's tests plan for.
 */
export function washingtonAccount(
  accountId: string,
  options: WashingtonAccountOptions,
): AccountState {
  const dueDate = WASHINGTON_NOW.minus({ days: options.daysPastDue }).toISODate() ?? '';
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: `${accountId}-o`,
    occurredAt: '2026-06-10T17:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId: `${accountId}-${dueDate}`,
      dueDate,
      daysPastDue: options.daysPastDue,
      overdueAmount: { amountMinor: options.overdueMinor ?? 12_000, currency: 'USD' },
      totalBalance: { amountMinor: 90_000, currency: 'USD' },
      minimumPayment: { amountMinor: 12_000, currency: 'USD' },
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: `${accountId}-c`,
    occurredAt: '2026-06-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      locale: 'en-US',
      timeZone: 'America/Los_Angeles',
      jurisdiction: 'US-WA',
      phones: [{ number: SEATTLE_PHONE, type: 'mobile', primary: true }],
      emails: [],
      postalAddresses: [
        { lines: ['1 Pine St'], city: 'Seattle', region: 'WA', postalCode: '98101', country: 'US' },
      ],
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
  const consent: EventOf<'contact.consent'> = {
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: `${accountId}-k`,
    occurredAt: '2026-06-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.consent'].payload,
      accountId,
      address: SEATTLE_PHONE,
      channel: 'sms',
    },
  };
  return [overdue, contact, consent, ...(options.more ?? [])].reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState('bank-1', accountId),
  );
}
