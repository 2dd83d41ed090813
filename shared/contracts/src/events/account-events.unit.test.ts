import { describe, expect, it } from 'vitest';
import { issuePathsOf } from '../testing-fixtures/issue-paths.js';
import { without } from '../testing-fixtures/without.js';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { AccountArrangementV1 } from './account-arrangement.v1.js';
import { AccountOverdueV1 } from './account-overdue.v1.js';
import { AccountPaymentV1 } from './account-payment.v1.js';
import { AccountStatusV1 } from './account-status.v1.js';

describe('account.overdue v1', () => {
  const event = sampleEvents['account.overdue'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts a valid event, with and without the optional fields', () => {
    expect(issuePathsOf(AccountOverdueV1, event)).toEqual([]);
    const required = without(event.payload, 'segment', 'accountLast4');
    expect(issuePathsOf(AccountOverdueV1, { ...event, payload: required })).toEqual([]);
  });

  it('refuses money as a float, a string or without a currency', () => {
    const float = withPayload({ overdueAmount: { amountMinor: 1280.5, currency: 'CNY' } });
    expect(issuePathsOf(AccountOverdueV1, float)).toEqual(['payload.overdueAmount.amountMinor']);
    const text = withPayload({ minimumPayment: { amountMinor: '760', currency: 'CNY' } });
    expect(issuePathsOf(AccountOverdueV1, text)).toEqual(['payload.minimumPayment.amountMinor']);
    const bare = withPayload({ totalBalance: 1_520_000 });
    expect(issuePathsOf(AccountOverdueV1, bare)).toEqual(['payload.totalBalance']);
  });

  it('refuses amounts in two currencies', () => {
    const mixed = withPayload({ totalBalance: { amountMinor: 1, currency: 'USD' } });
    expect(issuePathsOf(AccountOverdueV1, mixed)).toEqual(['payload.totalBalance.currency']);
  });

  it('names wrong types and missing fields', () => {
    expect(issuePathsOf(AccountOverdueV1, withPayload({ daysPastDue: '3' }))).toEqual([
      'payload.daysPastDue',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ daysPastDue: -1 }))).toEqual([
      'payload.daysPastDue',
    ]);
    const withoutCycle = without(event.payload, 'cycleId');
    expect(issuePathsOf(AccountOverdueV1, { ...event, payload: withoutCycle })).toEqual([
      'payload.cycleId',
    ]);
  });

  it('wants a real calendar date, a known product and a bounded account id', () => {
    expect(issuePathsOf(AccountOverdueV1, withPayload({ dueDate: '2025-02-30' }))).toEqual([
      'payload.dueDate',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ dueDate: '01/03/2025' }))).toEqual([
      'payload.dueDate',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ product: 'mortgage' }))).toEqual([
      'payload.product',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ accountId: '' }))).toEqual([
      'payload.accountId',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ accountId: 'a'.repeat(65) }))).toEqual([
      'payload.accountId',
    ]);
    expect(issuePathsOf(AccountOverdueV1, withPayload({ accountLast4: '482' }))).toEqual([
      'payload.accountLast4',
    ]);
  });
});

describe('account.payment v1', () => {
  const event = sampleEvents['account.payment'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts a valid event', () => {
    expect(issuePathsOf(AccountPaymentV1, event)).toEqual([]);
    const cured = withPayload({
      remainingOverdue: { amountMinor: 0, currency: 'CNY' },
      curesAccount: true,
    });
    expect(issuePathsOf(AccountPaymentV1, cured)).toEqual([]);
  });

  it('refuses a zero payment, a local time and a missing payment id', () => {
    expect(
      issuePathsOf(AccountPaymentV1, withPayload({ amount: { amountMinor: 0, currency: 'CNY' } })),
    ).toEqual(['payload.amount.amountMinor']);
    expect(issuePathsOf(AccountPaymentV1, withPayload({ paidAt: '2025-03-06 10:14:31' }))).toEqual([
      'payload.paidAt',
    ]);
    const rest = without(event.payload, 'paymentId');
    expect(issuePathsOf(AccountPaymentV1, { ...event, payload: rest })).toEqual([
      'payload.paymentId',
    ]);
  });

  it('refuses a remaining amount in another currency, and a yes-or-no as text', () => {
    const mixed = withPayload({ remainingOverdue: { amountMinor: 5, currency: 'USD' } });
    expect(issuePathsOf(AccountPaymentV1, mixed)).toEqual(['payload.remainingOverdue.currency']);
    expect(issuePathsOf(AccountPaymentV1, withPayload({ curesAccount: 'false' }))).toEqual([
      'payload.curesAccount',
    ]);
  });
});

describe('account.arrangement v1', () => {
  const event = sampleEvents['account.arrangement'];
  const plan = {
    accountId: event.payload.accountId,
    arrangementId: 'arr-312',
    status: 'made',
    kind: 'instalment-plan',
    schedule: [
      { dueDate: '2025-04-01', amount: { amountMinor: 26_025, currency: 'CNY' } },
      { dueDate: '2025-05-01', amount: { amountMinor: 26_025, currency: 'CNY' } },
    ],
  };

  it('accepts a promise to pay and an instalment plan', () => {
    expect(issuePathsOf(AccountArrangementV1, event)).toEqual([]);
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: plan })).toEqual([]);
  });

  it('tracks the arrangement through its states', () => {
    for (const status of ['made', 'kept', 'broken', 'cancelled']) {
      const changed = { ...event, payload: { ...event.payload, status } };
      expect(issuePathsOf(AccountArrangementV1, changed)).toEqual([]);
    }
    const unknown = { ...event, payload: { ...event.payload, status: 'pending' } };
    expect(issuePathsOf(AccountArrangementV1, unknown)).toEqual(['payload.status']);
  });

  it('checks the fields of the kind given', () => {
    const noDate = without(event.payload, 'promisedDate');
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: noDate })).toEqual([
      'payload.promisedDate',
    ]);
    const planWithDate = { ...plan, promisedDate: '2025-04-01' };
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: planWithDate })).toEqual([
      'payload.promisedDate',
    ]);
    const emptyPlan = { ...plan, schedule: [] };
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: emptyPlan })).toEqual([
      'payload.schedule',
    ]);
    const floatInstalment = {
      ...plan,
      schedule: [{ dueDate: '2025-04-01', amount: { amountMinor: 260.25, currency: 'CNY' } }],
    };
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: floatInstalment })).toEqual([
      'payload.schedule[0].amount.amountMinor',
    ]);
  });

  it('refuses an unknown kind, and a plan paying twice on one date', () => {
    const other = { ...event, payload: { ...event.payload, kind: 'settlement' } };
    expect(issuePathsOf(AccountArrangementV1, other)).toEqual(['payload.kind']);
    const twice = { ...plan, schedule: [plan.schedule[0], plan.schedule[0]] };
    expect(issuePathsOf(AccountArrangementV1, { ...event, payload: twice })).toEqual([
      'payload.schedule',
    ]);
  });
});

describe('account.status v1', () => {
  const event = sampleEvents['account.status'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts setting and clearing flags', () => {
    expect(issuePathsOf(AccountStatusV1, event)).toEqual([]);
    const cleared = withPayload({ set: ['cured'], cleared: ['dispute', 'legal-hold'] });
    expect(issuePathsOf(AccountStatusV1, cleared)).toEqual([]);
  });

  it('refuses unknown flags, no change, and a flag both set and cleared', () => {
    expect(issuePathsOf(AccountStatusV1, withPayload({ set: ['vip'] }))).toEqual([
      'payload.set[0]',
    ]);
    expect(issuePathsOf(AccountStatusV1, withPayload({ set: [], cleared: [] }))).toEqual([
      'payload.set',
    ]);
    expect(
      issuePathsOf(AccountStatusV1, withPayload({ set: ['dispute'], cleared: ['dispute'] })),
    ).toEqual(['payload.cleared']);
  });

  it('takes a reference, not a note', () => {
    expect(
      issuePathsOf(AccountStatusV1, withPayload({ reference: 'customer disputes the fee' })),
    ).toEqual(['payload.reference']);
    const withoutReference = without(event.payload, 'reference');
    expect(issuePathsOf(AccountStatusV1, { ...event, payload: withoutReference })).toEqual([]);
  });
});
