import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { defaultPolicyFile, loadPlanningRules } from '../load-planning-rules.js';
import { loadPolicy } from '../policy/index.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';
import { decideOutreach, type Decision } from './decide-outreach.js';

const rules = loadPlanningRules();
const accountId = sampleEvents['account.overdue'].payload.accountId;

function overdue(daysPastDue: number): EventOf<'account.overdue'> {
  const base = sampleEvents['account.overdue'];
  return { ...base, payload: { ...base.payload, daysPastDue } };
}

const smsConsent = sampleEvents['contact.consent']; // sms, servicing, granted, contract basis

function stateOf(...events: BankInput[]) {
  return events.reduce(
    (s, e) => evolveAccountState(s, e).state,
    emptyAccountState('bank-1', accountId),
  );
}

function decide(events: BankInput[], nowIso: string): Decision {
  return decideOutreach(
    rules,
    { state: stateOf(...events), history: [], tried: [] },
    DateTime.fromISO(nowIso, { zone: 'utc' }),
  );
}

const contact = sampleEvents['contact.updated']; // Asia/Shanghai, CN, weekend preferred windows

describe('decideOutreach', () => {
  const contactNoPreferences: EventOf<'contact.updated'> = {
    ...contact,
    payload: { ...contact.payload, preferredWindows: [], appointments: [] },
  };

  it('plans the first stage by SMS, at once inside the allowed hours', () => {
    // 2026-03-04 10:00 in Shanghai is 02:00Z, a Wednesday.
    const decision = decide([overdue(3), contactNoPreferences, smsConsent], '2026-03-04T02:00:00Z');
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: true });
    if (decision.kind !== 'plan') return;
    expect(decision.message).toMatchObject({
      stage: 1,
      channel: 'sms',
      purpose: 'servicing',
      locale: 'zh-CN',
      earliestSendAt: '2026-03-04T02:00:00Z',
    });
  });

  it('waits for the window to open when it is night where the customer is: the whole 08:00–21:00 Beijing time for a +86 number', () => {
    // 23:30 in Shanghai. China keeps one legal time (the policy's `legalTime` for CN), so the
    // +86 number and the CN address add no Asia/Urumqi, whose 08:00 would be 10:00 in Beijing.
    const decision = decide([overdue(3), contactNoPreferences, smsConsent], '2026-03-04T15:30:00Z');
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: false });
    if (decision.kind !== 'plan') return;
    expect(decision.message).toMatchObject({
      earliestSendAt: '2026-03-05T00:00:00Z',
      latestSendAt: '2026-03-05T13:00:00Z',
      window: { zones: ['Asia/Shanghai'], start: '08:00', end: '21:00' },
    });
  });

  it('still intersects the zones of a US number whose area code spans two (+1-850: Eastern and Central)', () => {
    const number = '+18505550100';
    const usContact: EventOf<'contact.updated'> = {
      ...contact,
      payload: {
        ...contactNoPreferences.payload,
        phones: [{ number, type: 'mobile', primary: true }],
        postalAddresses: [],
        locale: 'en-US',
        timeZone: 'America/New_York',
        jurisdiction: 'US',
      },
    };
    const consent: EventOf<'contact.consent'> = {
      ...smsConsent,
      payload: {
        accountId,
        channel: 'sms',
        address: number,
        purpose: 'servicing',
        status: 'granted',
        basis: 'contract',
        source: 'branch',
        at: '2024-11-20T06:30:00Z',
      },
    };
    // 07:00 in New York on a Wednesday; 08:00 in Chicago is 09:00 in New York (14:00Z).
    const decision = decide([overdue(3), usContact, consent], '2026-03-04T12:00:00Z');
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: false });
    if (decision.kind !== 'plan') return;
    expect(decision.message).toMatchObject({
      channel: 'sms',
      earliestSendAt: '2026-03-04T14:00:00Z',
      latestSendAt: '2026-03-05T02:00:00Z',
      window: { zones: ['America/New_York', 'America/Chicago'], start: '09:00', end: '21:00' },
    });
  });

  it('reads each policy’s own zones: without CN’s legal time, Asia/Urumqi narrows the window again', () => {
    const withoutLegalTime = {
      ...rules,
      policy: loadPolicy(
        readFileSync(defaultPolicyFile, 'utf8').replace(/\n {4}legalTime:\n(?: {6}.*\n)+/, '\n'),
      ),
    };
    const facts = {
      state: stateOf(overdue(3), contactNoPreferences, smsConsent),
      history: [],
      tried: [],
    };
    const now = DateTime.fromISO('2026-03-04T15:30:00Z', { zone: 'utc' });
    // Asked in turn with the same facts: neither policy reads the other's kept zones or windows.
    for (let round = 0; round < 2; round += 1) {
      const narrowed = decideOutreach(withoutLegalTime, facts, now);
      const whole = decideOutreach(rules, facts, now);
      expect(narrowed).toMatchObject({
        kind: 'plan',
        message: {
          earliestSendAt: '2026-03-05T02:00:00Z',
          window: { zones: ['Asia/Shanghai', 'Asia/Urumqi'], start: '10:00', end: '21:00' },
        },
      });
      expect(whole).toMatchObject({
        kind: 'plan',
        message: { earliestSendAt: '2026-03-05T00:00:00Z', window: { zones: ['Asia/Shanghai'] } },
      });
    }
  });

  it('gives the same message id for the same facts, whenever it is asked', () => {
    const a = decide([overdue(3), contactNoPreferences, smsConsent], '2026-03-04T02:00:00Z');
    const b = decide([overdue(4), contactNoPreferences, smsConsent], '2026-03-05T03:00:00Z');
    expect(
      a.kind === 'plan' && b.kind === 'plan' && a.message.messageId === b.message.messageId,
    ).toBe(true);
  });

  it('suppresses every channel of a disputed account, and says why', () => {
    const dispute: EventOf<'account.status'> = {
      ...sampleEvents['account.status'],
      payload: { accountId, set: ['dispute'], cleared: [], effectiveAt: '2026-03-01T00:00:00Z' },
    };
    const decision = decide(
      [overdue(3), contactNoPreferences, smsConsent, dispute],
      '2026-03-04T02:00:00Z',
    );
    expect(decision).toMatchObject({ kind: 'suppress', stage: 1 });
    if (decision.kind === 'suppress') expect(decision.reasons).toContain('DISPUTE');
  });

  it('does nothing for an account that is not overdue', () => {
    expect(decide([contactNoPreferences, smsConsent], '2026-03-04T02:00:00Z')).toEqual({
      kind: 'nothing',
      why: 'NOT_OVERDUE',
    });
  });

  it('withdraws a waiting SMS when its consent is revoked, and goes on by e-mail', () => {
    const revoked: EventOf<'contact.consent'> = {
      ...smsConsent,
      eventId: 'revoked',
      occurredAt: '2026-03-04T01:30:00Z',
      payload: {
        ...smsConsent.payload,
        status: 'revoked',
        source: 'sms-reply',
        at: '2026-03-04T01:30:00Z',
      },
    };
    const decision = decideOutreach(
      rules,
      {
        state: stateOf(overdue(3), contactNoPreferences, smsConsent, revoked),
        history: [],
        tried: [{ stage: 1, channel: 'sms', outcome: 'pending' }],
      },
      DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' }),
    );
    expect(decision).toMatchObject({ kind: 'plan', message: { channel: 'email' } });
    if (decision.kind !== 'plan') return;
    expect(decision.withdraw?.map((w) => w.channel)).toEqual(['sms']);
    expect(decision.withdraw?.[0]?.reasons).toContain('OPTED_OUT');
  });

  describe('an unreachable address', () => {
    const number = contactNoPreferences.payload.phones[0]!.number;
    const unreachable = (at: string, address = number): EventOf<'contact.unreachable'> => ({
      ...sampleEvents['contact.unreachable'],
      eventId: `unreachable-${at}`,
      occurredAt: at,
      payload: {
        accountId,
        channel: 'sms',
        address,
        reason: 'landline',
        source: 'dispatcher',
        at,
        errorCode: '21614',
      },
    });
    const now = '2026-03-04T02:00:00Z';

    it('bars its channel, and the stage goes on with its next channel, consent untouched', () => {
      const events = [overdue(3), contactNoPreferences, smsConsent];
      expect(decide(events, now)).toMatchObject({ kind: 'plan', message: { channel: 'sms' } });
      const state = stateOf(...events, unreachable('2026-03-03T09:00:00Z'));
      expect(state.consents.map((c) => c.value.status)).toEqual(['granted']);
      const decision = decideOutreach(
        rules,
        { state, history: [], tried: [] },
        DateTime.fromISO(now, { zone: 'utc' }),
      );
      expect(decision).toMatchObject({ kind: 'plan', message: { stage: 1, channel: 'email' } });
    });

    it('withdraws a waiting SMS to it, as INVALID_ADDRESS', () => {
      const decision = decideOutreach(
        rules,
        {
          state: stateOf(overdue(3), contactNoPreferences, smsConsent, unreachable(now)),
          history: [],
          tried: [{ stage: 1, channel: 'sms', outcome: 'pending' }],
        },
        DateTime.fromISO(now, { zone: 'utc' }),
      );
      expect(decision).toMatchObject({ kind: 'plan', message: { channel: 'email' } });
      if (decision.kind !== 'plan') return;
      expect(decision.withdraw).toEqual([
        { stage: 1, channel: 'sms', reasons: ['INVALID_ADDRESS'] },
      ]);
    });

    it('is not known before it was found', () => {
      const later = stateOf(overdue(3), contactNoPreferences, smsConsent, unreachable(now));
      const before = decideOutreach(
        rules,
        { state: later, history: [], tried: [] },
        DateTime.fromISO('2026-03-04T01:00:00Z', { zone: 'utc' }),
      );
      expect(before).toMatchObject({ kind: 'plan', message: { channel: 'sms' } });
    });

    it('texts again once the bank gives a new number', () => {
      const other = '+8613900139000';
      const newNumber: EventOf<'contact.updated'> = {
        ...contactNoPreferences,
        eventId: 'new-number',
        occurredAt: '2026-03-03T12:00:00Z',
        payload: {
          ...contactNoPreferences.payload,
          phones: [{ number: other, type: 'mobile', primary: true }],
        },
      };
      const consent: EventOf<'contact.consent'> = {
        ...smsConsent,
        eventId: 'c2',
        payload: {
          accountId,
          channel: 'sms',
          address: other,
          purpose: 'servicing',
          status: 'granted',
          basis: 'contract',
          source: 'branch',
          at: '2026-03-03T12:00:00Z',
        },
      };
      const events = [
        overdue(3),
        contactNoPreferences,
        smsConsent,
        unreachable('2026-03-03T09:00:00Z'),
      ];
      expect(decide(events, now)).toMatchObject({ message: { channel: 'email' } });
      expect(decide([...events, newNumber, consent], now)).toMatchObject({
        kind: 'plan',
        message: { channel: 'sms' },
      });
    });

    /** A later report on the same number: `reachable`, or another mark. */
    const report = (
      eventId: string,
      at: string,
      change: { status?: 'reachable'; reason?: 'blocked' } = {},
    ): EventOf<'contact.unreachable'> => {
      const base = unreachable(at);
      return { ...base, eventId, payload: { ...base.payload, ...change } };
    };

    it('texts again once the number is reported reachable, until a later mark', () => {
      const events = [
        overdue(3),
        contactNoPreferences,
        smsConsent,
        unreachable('2026-03-03T09:00:00Z'),
      ];
      const reachable = report('r-1', '2026-03-03T10:00:00Z', { status: 'reachable' });
      expect(decide([...events, reachable], now)).toMatchObject({ message: { channel: 'sms' } });
      // In any order: the mark arriving after the newer `reachable` is stale.
      expect(decide([reachable, ...events], now)).toMatchObject({ message: { channel: 'sms' } });
      const again = report('m-2', '2026-03-03T11:00:00Z');
      expect(decide([...events, reachable, again], now)).toMatchObject({
        message: { channel: 'email' },
      });
    });

    it('breaks a tie between a mark and a reachable report by event id', () => {
      const at = '2026-03-03T09:00:00Z';
      const base = [overdue(3), contactNoPreferences, smsConsent];
      const mark = report('b-mark', at);
      const clearsAfter = report('c-reachable', at, { status: 'reachable' });
      const clearsBefore = report('a-reachable', at, { status: 'reachable' });
      for (const order of [
        [mark, clearsAfter],
        [clearsAfter, mark],
      ]) {
        expect(decide([...base, ...order], now)).toMatchObject({ message: { channel: 'sms' } });
      }
      for (const order of [
        [mark, clearsBefore],
        [clearsBefore, mark],
      ]) {
        expect(decide([...base, ...order], now)).toMatchObject({ message: { channel: 'email' } });
      }
    });

    it('lets a temporary mark (soft bounces, blocked) lapse 30 days after it was found', () => {
      const base = [overdue(3), contactNoPreferences, smsConsent];
      const blocked = (at: string) => report(`blocked-${at}`, at, { reason: 'blocked' });
      // 2026-02-02T02:00Z + 30 days is `now`: lapsed; a minute later found, still in force.
      expect(decide([...base, blocked('2026-02-02T02:00:00Z')], now)).toMatchObject({
        message: { channel: 'sms' },
      });
      expect(decide([...base, blocked('2026-02-02T02:01:00Z')], now)).toMatchObject({
        message: { channel: 'email' },
      });
      // A fact about the number does not lapse.
      expect(decide([...base, unreachable('2026-01-01T00:00:00Z')], now)).toMatchObject({
        message: { channel: 'email' },
      });
    });
  });
});
