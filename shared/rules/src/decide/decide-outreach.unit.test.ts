import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { loadPlanningRules } from '../load-planning-rules.js';
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

  it('waits for the window to open when it is night where the customer is', () => {
    // 23:30 in Shanghai. A +86 number puts the customer anywhere in China, whose zone list also
    // has Asia/Urumqi (UTC+6, local custom in Xinjiang): 08:00 there is 10:00 Beijing time, 02:00Z.
    const decision = decide([overdue(3), contactNoPreferences, smsConsent], '2026-03-04T15:30:00Z');
    expect(decision).toMatchObject({ kind: 'plan', sendableNow: false });
    if (decision.kind !== 'plan') return;
    expect(decision.message.earliestSendAt).toBe('2026-03-05T02:00:00Z');
    expect(decision.message.window.zones).toEqual(
      expect.arrayContaining(['Asia/Shanghai', 'Asia/Urumqi']),
    );
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
});
