import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { newEventId, sampleEvents, type EventOf } from '@kindly/contracts';
import { emptyAccountState, evolveAccountState, type BankInput } from '@kindly/rules';
import { aNewYorkAccount, renderedEvent, rules } from '../testing/dispatcher-fixtures.js';
import { lastLook } from './last-look.js';

const at = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const stateOf = (accountId: string, events: readonly BankInput[]) =>
  events.reduce((s, e) => evolveAccountState(s, e).state, emptyAccountState('bank-1', accountId));

describe('the dispatcher’s last look', () => {
  const account = aNewYorkAccount();
  const sms = renderedEvent(account, 'sms').payload;
  const state = stateOf(account.accountId, account.events);

  it('sends inside the window, to the primary mobile', () => {
    expect(lastLook(rules, sms, state, at('2026-03-04T14:00:00Z'))).toMatchObject({
      kind: 'send',
      address: account.phone,
    });
  });

  it('stops a message after its latest send time, or outside the window', () => {
    expect(lastLook(rules, sms, state, at('2026-03-04T22:00:01Z'))).toEqual({
      kind: 'stop',
      reason: 'EXPIRED',
    });
    const early = renderedEvent(account, 'sms', { latestSendAt: '2026-03-05T22:00:00Z' }).payload;
    // 23:00 in New York.
    expect(lastLook(rules, early, state, at('2026-03-05T04:00:00Z'))).toEqual({
      kind: 'stop',
      reason: 'OUTSIDE_WINDOW',
    });
  });

  it('stops a message whose account was paid since', () => {
    const payment: EventOf<'account.payment'> = {
      ...sampleEvents['account.payment'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:10:00Z',
      payload: {
        ...sampleEvents['account.payment'].payload,
        accountId: account.accountId,
        amount: { amountMinor: 12_050, currency: 'USD' },
        remainingOverdue: { amountMinor: 0, currency: 'USD' },
        paidAt: '2026-03-04T13:09:00Z',
        curesAccount: true,
      },
    };
    const paid = stateOf(account.accountId, [...account.events, payment]);
    expect(lastLook(rules, sms, paid, at('2026-03-04T14:00:00Z'))).toMatchObject({
      kind: 'stop',
    });
  });

  it('stops an SMS to a number that revoked consent', () => {
    const revoked: EventOf<'contact.consent'> = {
      ...sampleEvents['contact.consent'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:30:00Z',
      payload: {
        accountId: account.accountId,
        channel: 'sms',
        address: account.phone,
        purpose: 'servicing',
        status: 'revoked',
        basis: 'customer-request',
        source: 'sms-reply',
        at: '2026-03-04T13:30:00Z',
      },
    };
    const verdict = lastLook(
      rules,
      sms,
      stateOf(account.accountId, [...account.events, revoked]),
      at('2026-03-04T14:00:00Z'),
    );
    expect(verdict.kind).toBe('stop');
  });

  it('also judges the zones the plan was made for', () => {
    // 11:00 in New York is 21:30 in Kolkata: too late there.
    const planned = { ...sms, windowZones: ['America/New_York', 'Asia/Kolkata'] };
    expect(lastLook(rules, sms, state, at('2026-03-04T16:00:00Z')).kind).toBe('send');
    expect(lastLook(rules, planned, state, at('2026-03-04T16:00:00Z'))).toEqual({
      kind: 'stop',
      reason: 'OUTSIDE_WINDOW',
    });
  });

  it('stops a message of a stage the account has moved past since its release', () => {
    const later: EventOf<'account.overdue'> = {
      ...account.overdue,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:30:00Z',
      payload: { ...account.overdue.payload, daysPastDue: 40 },
    };
    const moved = stateOf(account.accountId, [...account.events, later]);
    expect(lastLook(rules, sms, moved, at('2026-03-04T14:00:00Z'))).toEqual({
      kind: 'stop',
      reason: 'NEWER_STAGE',
    });
  });

  it('lets a notice through a cease request by the template kind the release carried', () => {
    const cease: EventOf<'account.status'> = {
      ...sampleEvents['account.status'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:30:00Z',
      payload: {
        accountId: account.accountId,
        set: ['cease-communication'],
        cleared: [],
        effectiveAt: '2026-03-04T13:30:00Z',
      },
    };
    const ceased = stateOf(account.accountId, [...account.events, cease]);
    const now = at('2026-03-04T14:00:00Z');
    expect(lastLook(rules, sms, ceased, now)).toEqual({
      kind: 'stop',
      reason: 'CEASE_COMMUNICATION',
    });
    const notice = { ...sms, strategyId: 'default', strategyVersion: 3 };
    expect(
      lastLook(rules, { ...notice, templateKind: 'cease-efforts-terminated' }, ceased, now).kind,
    ).toBe('send');
    // Carried, and none: a stage's own step, whatever steps share its template.
    expect(lastLook(rules, notice, ceased, now)).toMatchObject({ kind: 'stop' });
  });

  it('waits for facts it has not seen yet', () => {
    expect(lastLook(rules, sms, undefined, at('2026-03-04T14:00:00Z'))).toEqual({ kind: 'await' });
  });
});
