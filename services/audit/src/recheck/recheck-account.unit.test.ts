import { describe, expect, it } from 'vitest';
import { recheckAccount } from './index.js';
import { CYCLE_ID } from '../testing/audit-history.js';
import { NY_MOBILE, kindsOf, newYorkCustomer } from '../testing/recheck-fixtures.js';

const text = { channel: 'sms' as const, at: '2026-03-10T15:00:00Z', to: NY_MOBILE };
// The samples' currency: the re-check never reads amounts but for zero.
const money = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

describe('AFTER_PAYMENT', () => {
  it('finds a reminder after a payment that cured the cycle, with the payment as evidence', () => {
    const history = newYorkCustomer()
      .payment('2026-03-08T14:00:00Z', { remainingOverdue: money(0), curesAccount: true })
      .send(text);
    expect(recheckAccount(history.events).violations).toMatchObject([
      {
        kind: 'AFTER_PAYMENT',
        how: 'curing-payment',
        effectiveAt: '2026-03-08T14:00:00Z',
        event: { type: 'account.payment' },
      },
    ]);
  });

  it('does not count a payment that left an amount overdue, or one made after the send', () => {
    const partial = newYorkCustomer().payment('2026-03-08T14:00:00Z').send(text);
    expect(kindsOf(recheckAccount(partial.events))).toEqual([]);
    const after = newYorkCustomer()
      .send(text)
      .payment('2026-03-10T16:00:00Z', { remainingOverdue: money(0), curesAccount: true });
    expect(kindsOf(recheckAccount(after.events))).toEqual([]);
  });

  it('does not count a curing payment of an earlier cycle (before this due date)', () => {
    const history = newYorkCustomer()
      .payment('2026-02-20T14:00:00Z', { remainingOverdue: money(0), curesAccount: true })
      .send(text);
    expect(kindsOf(recheckAccount(history.events))).toEqual([]);
  });

  it('finds a reminder while the bank had flagged the account cured', () => {
    const history = newYorkCustomer()
      .status('2026-03-09T00:00:00Z', { set: ['cured'] })
      .send(text);
    expect(recheckAccount(history.events).violations).toMatchObject([
      { kind: 'AFTER_PAYMENT', how: 'cured-flag', effectiveAt: '2026-03-09T00:00:00Z' },
    ]);
  });
});

describe('suppressing flags', () => {
  it('finds a reminder during a dispute, and none once it was cleared', () => {
    const disputed = newYorkCustomer().status('2026-03-08T04:00:00Z', { set: ['dispute'] });
    expect(recheckAccount(disputed.send(text).events).violations).toMatchObject([
      { kind: 'DURING_DISPUTE', flag: 'dispute', effectiveAt: '2026-03-08T04:00:00Z' },
    ]);
    const cleared = newYorkCustomer()
      .status('2026-03-08T04:00:00Z', { set: ['dispute'] })
      .status('2026-03-09T04:00:00Z', { set: [], cleared: ['dispute'] })
      .send(text);
    expect(kindsOf(recheckAccount(cleared.events))).toEqual([]);
  });

  it('lets through the notice the policy allows during a dispute (dispute-verification)', () => {
    const history = newYorkCustomer()
      .status('2026-03-08T04:00:00Z', { set: ['dispute'], disputeVerified: true })
      .send({ ...text, templateKind: 'dispute-verification' });
    expect(kindsOf(recheckAccount(history.events))).toEqual([]);
    // Before the bank verified the debt, the verification notice is one more collection message.
    const unverified = newYorkCustomer()
      .status('2026-03-08T04:00:00Z', { set: ['dispute'] })
      .send({ ...text, templateKind: 'dispute-verification' });
    expect(kindsOf(recheckAccount(unverified.events))).toEqual(['DURING_DISPUTE']);
  });

  it('finds a send after a cease-communication request, and during bankruptcy', () => {
    const history = newYorkCustomer()
      .status('2026-03-08T04:00:00Z', { set: ['cease-communication', 'bankruptcy'] })
      .send(text);
    expect(kindsOf(recheckAccount(history.events))).toEqual([
      'DURING_BANKRUPTCY',
      'AFTER_CEASE_COMMUNICATION',
    ]);
  });
});

describe('DURING_PROMISE and DURING_PLAN', () => {
  const promise = {
    accountId: 'acc-0001',
    arrangementId: 'arr-1',
    status: 'made' as const,
    kind: 'promise-to-pay' as const,
    promisedDate: '2026-03-09',
    amount: money(1000),
  };

  it('finds a reminder within the promised date plus two grace days, local time', () => {
    const history = newYorkCustomer().arrangement('2026-03-05T00:00:00Z', promise).send(text);
    expect(recheckAccount(history.events).violations).toMatchObject([
      {
        kind: 'DURING_PROMISE',
        arrangementId: 'arr-1',
        status: 'made',
        pausedThrough: '2026-03-11',
      },
    ]);
    // 03:59Z on 12 March is still the 11th in New York; 04:00Z is the 12th: contact resumes.
    const late = { ...text, at: '2026-03-12T03:59:00Z' };
    const lateKinds = kindsOf(
      recheckAccount(
        newYorkCustomer().arrangement('2026-03-05T00:00:00Z', promise).send(late).events,
      ),
    );
    expect(lateKinds).toContain('DURING_PROMISE');
    const resumed = newYorkCustomer()
      .arrangement('2026-03-05T00:00:00Z', promise)
      .send({ ...text, at: '2026-03-12T15:00:00Z' });
    expect(kindsOf(recheckAccount(resumed.events))).toEqual([]);
  });

  it('ends the pause when the promise is broken, and allows the promise reminder', () => {
    const broken = newYorkCustomer()
      .arrangement('2026-03-05T00:00:00Z', promise)
      .arrangement('2026-03-09T00:00:00Z', { ...promise, status: 'broken' })
      .send(text);
    expect(kindsOf(recheckAccount(broken.events))).toEqual([]);
    const reminder = newYorkCustomer()
      .arrangement('2026-03-05T00:00:00Z', promise)
      .send({ ...text, templateKind: 'promise-reminder' });
    expect(kindsOf(recheckAccount(reminder.events))).toEqual([]);
  });

  it('finds a reminder while an instalment plan runs', () => {
    const plan = {
      accountId: 'acc-0001',
      arrangementId: 'plan-1',
      status: 'made' as const,
      kind: 'instalment-plan' as const,
      schedule: [
        { dueDate: '2026-03-01', amount: money(500) },
        { dueDate: '2026-04-01', amount: money(500) },
      ],
    };
    const history = newYorkCustomer().arrangement('2026-02-28T00:00:00Z', plan).send(text);
    expect(recheckAccount(history.events).violations).toMatchObject([
      { kind: 'DURING_PLAN', arrangementId: 'plan-1', pausedThrough: '2026-04-04' },
    ]);
    const cancelled = newYorkCustomer()
      .arrangement('2026-02-28T00:00:00Z', plan)
      .arrangement('2026-03-02T00:00:00Z', { ...plan, status: 'cancelled' })
      .send({ ...text, cycleId: CYCLE_ID });
    expect(kindsOf(recheckAccount(cancelled.events))).toEqual([]);
  });
});

describe('NO_CONTACT_RECORD', () => {
  it('finds a send made before any contact record existed', () => {
    const withSend = newYorkCustomer().send({ ...text, at: '2025-12-31T15:00:00Z' });
    expect(kindsOf(recheckAccount(withSend.events))).toEqual(['NO_CONTACT_RECORD']);
  });
});
