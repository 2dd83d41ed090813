/**
 * Test data for the escalation service: a New York customer (the scheduler's test account) at
 * any days past due and balance, released messages of any stage and channel, and the records
 * the decisions read.
 */
import { DateTime } from 'luxon';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type AccountArrangementV1Payload,
  type EventOf,
  type OutreachChannel,
  type OutreachReleasedV1,
} from '@kindly/contracts';
import { aNewYorkAccount, stateOf, TENANT } from '@kindly/scheduler/testing';
import { loadPlanningRules, type AccountState, type BankInput } from '@kindly/rules';
import type { DeliveryRecord } from '../domain/delivery-evidence.js';
import { releasedMessageOf, type MessageRecord } from '../domain/escalation-message.js';

export { TENANT };
export const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const USD = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

export interface AccountOptions {
  readonly daysPastDue?: number;
  readonly overdueMinor?: number;
  readonly accountId?: string;
}

/** A New York account's bank events at the given days past due and overdue balance. */
export function anAccount(options: AccountOptions = {}) {
  const base = aNewYorkAccount(options.accountId);
  const overdue: EventOf<'account.overdue'> = {
    ...base.overdue,
    payload: {
      ...base.overdue.payload,
      daysPastDue: options.daysPastDue ?? base.overdue.payload.daysPastDue,
      overdueAmount: USD(options.overdueMinor ?? base.overdue.payload.overdueAmount.amountMinor),
      accountLast4: '4321',
    },
  };
  const events: BankInput[] = [base.contact, base.consent, overdue];
  return { ...base, overdue, events, stateAfter: stateOf(base.accountId, events) };
}
export type TestAccount = ReturnType<typeof anAccount>;

/** The state after more of the bank's events. */
export function withEvents(account: TestAccount, ...more: BankInput[]): AccountState {
  return stateOf(account.accountId, [...account.events, ...more]);
}

/** A payment event on the account. */
export function aPayment(
  account: TestAccount,
  paidAt: string,
  cures: boolean,
  amountMinor = account.overdue.payload.overdueAmount.amountMinor,
): EventOf<'account.payment'> {
  return {
    ...sampleEvents['account.payment'],
    ...account.base,
    eventId: newEventId(),
    occurredAt: paidAt,
    payload: {
      accountId: account.accountId,
      paymentId: newEventId(),
      amount: USD(amountMinor),
      paidAt,
      remainingOverdue: USD(cures ? 0 : 1),
      curesAccount: cures,
    },
  };
}

/** An arrangement event on the account. */
export function anArrangement(
  account: TestAccount,
  at: string,
  status: AccountArrangementV1Payload['status'],
  arrangementId = 'ptp-1',
): EventOf<'account.arrangement'> {
  return createEvent('account.arrangement', {
    ...account.base,
    eventId: newEventId(),
    occurredAt: at,
    payload: {
      accountId: account.accountId,
      arrangementId,
      status,
      kind: 'promise-to-pay',
      promisedDate: '2026-03-20',
      amount: USD(5_000),
    },
  });
}

/** The shipped default strategy's version, which the released messages name. */
const DEFAULT_STRATEGY_VERSION =
  loadPlanningRules().strategies.strategies.find((s) => s.strategyId === 'default')?.version ?? 1;

const TEMPLATES: Record<string, string> = {
  '1:sms': 'reminder-friendly-sms',
  '1:email': 'reminder-friendly-email',
  '2:email': 'notice-firm-email',
  '2:sms': 'notice-firm-sms',
  '2:letter': 'notice-firm-letter',
  '3:agent-call': 'personal-contact-agent-call',
  '3:sms': 'personal-contact-sms',
  '4:letter': 'final-notice-letter',
  '4:email': 'final-notice-email',
};

/** The scheduler's `outreach.released` for a stage and channel of the default strategy. */
export function released(
  account: TestAccount,
  stage: number,
  channel: OutreachChannel,
  at: string,
): OutreachReleasedV1 {
  const messageId = deterministicId(
    'message',
    TENANT,
    account.accountId,
    account.cycleId,
    String(stage),
    channel,
  );
  return createEvent('outreach.released', {
    ...account.base,
    eventId: deterministicId('outreach.released', messageId),
    occurredAt: at,
    payload: {
      accountId: account.accountId,
      messageId,
      cycleId: account.cycleId,
      stage,
      channel,
      templateId: TEMPLATES[`${stage}:${channel}`] ?? 'reminder-friendly-sms',
      locale: 'en-US',
      purpose: 'servicing',
      strategyId: 'default',
      strategyVersion: DEFAULT_STRATEGY_VERSION,
      reasons: [`STAGE_${stage}`],
      latestSendAt: utc(at).plus({ hours: 8 }).toUTC().toISO({ suppressMilliseconds: true }) ?? at,
    },
  });
}

/** The record of a released message with what its provider reported. */
export function aRecord(event: OutreachReleasedV1, delivery: DeliveryRecord = {}): MessageRecord {
  return {
    messageId: event.payload.messageId,
    tenantId: event.tenantId,
    accountId: event.payload.accountId,
    release: releasedMessageOf(event),
    delivery,
  };
}
