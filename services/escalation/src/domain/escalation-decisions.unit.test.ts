import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import {
  aPayment,
  aRecord,
  anAccount,
  anArrangement,
  released,
  TENANT,
  utc,
  withEvents,
} from '../testing/escalation-fixtures.js';
import { evidenceOf } from './delivery-evidence.js';
import {
  decideBrokenArrangement,
  decideFallback,
  decideLegalAfterNotice,
  decideLegalByStage,
  type Verdict,
} from './escalation-decisions.js';
import { escalatedEvent } from './escalation-events.js';

const rules = loadPlanningRules();
const catalog = rules.strategies;
// Wednesday 2026-03-04, 10:00 in New York (EST).
const RELEASED = '2026-03-04T15:00:00Z';

function escalation(verdict: Verdict) {
  if (verdict.kind !== 'escalate') throw new Error(`expected an escalation, got ${verdict.kind}`);
  return verdict.escalation;
}

describe('the fallback of a message', () => {
  const account = anAccount();
  const state = account.stateAfter;
  const sms = released(account, 1, 'sms', RELEASED);

  it('waits for an SMS until its 48 hours have passed, then escalates to e-mail', () => {
    const before = decideFallback({
      catalog,
      message: aRecord(sms),
      state,
      now: utc('2026-03-06T14:59:59Z'),
    });
    expect(before).toEqual({ kind: 'wait', until: utc('2026-03-06T15:00:00Z') });
    const after = escalation(
      decideFallback({ catalog, message: aRecord(sms), state, now: utc('2026-03-06T15:00:00Z') }),
    );
    expect(after).toMatchObject({
      from: { stage: 1, channel: 'sms' },
      to: { stage: 1, channel: 'email' },
      reason: 'DELIVERY_FAILED',
      at: '2026-03-06T15:00:00Z',
    });
  });

  it('escalates an undelivered SMS at once, at the outcome’s instant', () => {
    expect(evidenceOf('sms', 'undelivered', false)).toBe('failed');
    const message = aRecord(sms, {
      failedAt: '2026-03-04T15:01:00Z',
      failure: { status: 'undelivered', errorCode: '30003' },
    });
    const result = escalation(
      decideFallback({ catalog, message, state, now: utc('2026-03-04T15:02:00Z') }),
    );
    expect(result).toMatchObject({
      to: { stage: 1, channel: 'email' },
      at: '2026-03-04T15:01:00Z',
    });
    expect(result.detail).toBe('sms undelivered (30003)');
  });

  it('lets a delivered SMS be, and does not treat a retryable failure as final', () => {
    const message = aRecord(sms, { deliveredAt: '2026-03-04T15:00:05Z' });
    expect(decideFallback({ catalog, message, state, now: utc('2026-03-09T00:00:00Z') })).toEqual({
      kind: 'settle',
      why: 'DELIVERED',
    });
    expect(evidenceOf('sms', 'failed', true)).toBe('progress');
    expect(evidenceOf('sms', 'sent', false)).toBe('progress');
  });

  it('counts an e-mail accepted without a bounce by its wait as delivered, and a bounce as failed', () => {
    const email = released(account, 1, 'email', RELEASED);
    expect(evidenceOf('email', 'accepted', false)).toBe('accepted');
    expect(evidenceOf('email', 'bounced', false)).toBe('failed');
    const accepted = aRecord(email, { acceptedAt: RELEASED });
    expect(
      decideFallback({ catalog, message: accepted, state, now: utc('2026-03-07T14:59:00Z') }).kind,
    ).toBe('wait');
    expect(
      decideFallback({ catalog, message: accepted, state, now: utc('2026-03-07T15:00:00Z') }),
    ).toEqual({
      kind: 'settle',
      why: 'DELIVERED',
    });
    // Nothing at all from the provider: the stage's last channel, so on to stage 2's first.
    const silent = escalation(
      decideFallback({ catalog, message: aRecord(email), state, now: utc('2026-03-07T15:00:00Z') }),
    );
    expect(silent.to).toEqual({ stage: 2, channel: 'email' });
    const bounced = aRecord(email, {
      acceptedAt: RELEASED,
      failedAt: '2026-03-05T09:00:00Z',
      failure: { status: 'bounced', errorCode: '5.1.1' },
    });
    expect(
      escalation(
        decideFallback({ catalog, message: bounced, state, now: utc('2026-03-05T09:00:01Z') }),
      ).at,
    ).toBe('2026-03-05T09:00:00Z');
  });

  it('counts a letter accepted into a print batch as delivered', () => {
    expect(evidenceOf('letter', 'accepted', false)).toBe('delivered');
    expect(evidenceOf('letter', 'bounced', false)).toBe('failed');
  });

  it('counts a letter’s 10 days in calendar days across the spring DST change (239 hours)', () => {
    const late = anAccount({ daysPastDue: 80 });
    // Thursday 2026-03-05 10:00 EST; clocks go forward on Sunday 2026-03-08.
    const letter = released(late, 4, 'letter', '2026-03-05T15:00:00Z');
    const message = aRecord(letter);
    const at1359 = decideFallback({
      catalog,
      message,
      state: late.stateAfter,
      now: utc('2026-03-15T13:59:59Z'),
    });
    expect(at1359).toEqual({ kind: 'wait', until: utc('2026-03-15T14:00:00Z') });
    const result = escalation(
      decideFallback({
        catalog,
        message,
        state: late.stateAfter,
        now: utc('2026-03-15T14:00:00Z'),
      }),
    );
    // 10:00 EDT ten days later: 239 hours, not 240.
    expect(result).toMatchObject({
      to: { stage: 4, channel: 'email' },
      at: '2026-03-15T14:00:00Z',
    });
  });

  it('decides nothing once the account paid, or moved to a new cycle', () => {
    const paid = withEvents(account, aPayment(account, '2026-03-05T12:00:00Z', true));
    expect(
      decideFallback({
        catalog,
        message: aRecord(sms),
        state: paid,
        now: utc('2026-03-07T00:00:00Z'),
      }),
    ).toEqual({
      kind: 'settle',
      why: 'CURED',
    });
    const next = {
      ...account.overdue,
      eventId: 'next-cycle',
      occurredAt: '2026-04-04T12:00:00Z',
      payload: { ...account.overdue.payload, cycleId: `${account.accountId}-2026-04-01` },
    };
    expect(
      decideFallback({
        catalog,
        message: aRecord(sms),
        state: withEvents(account, next),
        now: utc('2026-03-07T00:00:00Z'),
      }),
    ).toEqual({ kind: 'settle', why: 'OTHER_CYCLE' });
  });

  it('escalates a call that reached a wrong number to the stage’s SMS', () => {
    const stage3 = anAccount({ daysPastDue: 50 });
    const call = released(stage3, 3, 'agent-call', RELEASED);
    expect(evidenceOf('agent-call', 'undelivered', true)).toBe('progress');
    const message = aRecord(call, {
      failedAt: '2026-03-04T16:00:00Z',
      failure: { status: 'failed', errorCode: 'WRONG_NUMBER' },
    });
    expect(
      escalation(
        decideFallback({
          catalog,
          message,
          state: stage3.stateAfter,
          now: utc('2026-03-04T16:00:00Z'),
        }),
      ).to,
    ).toEqual({
      stage: 3,
      channel: 'sms',
    });
  });

  it('expires an agent task nobody worked with its own reason, not as a failed call', () => {
    const stage3 = anAccount({ daysPastDue: 50 });
    const call = aRecord(released(stage3, 3, 'agent-call', RELEASED));
    // Five days in New York's calendar: 2026-03-09, after the spring change (EDT).
    const end = utc('2026-03-09T14:00:00Z');
    const decide = (callsMade: number) =>
      escalation(
        decideFallback({ catalog, message: call, state: stage3.stateAfter, now: end, callsMade }),
      );
    expect(decide(0)).toMatchObject({
      from: { stage: 3, channel: 'agent-call' },
      to: { stage: 3, channel: 'sms' },
      reason: 'TASK_EXPIRED',
      detail: 'no call was made on the agent task within 5d',
    });
    // Calls were made and none reached the customer: that is a delivery that failed.
    expect(decide(2)).toMatchObject({
      reason: 'DELIVERY_FAILED',
      to: { stage: 3, channel: 'sms' },
    });
    // Its own reason gives its own event id.
    const ids = [decide(0), decide(2)].map(
      (e) =>
        escalatedEvent(
          {
            tenantId: TENANT,
            accountId: stage3.accountId,
            cycleId: 'c',
            correlationId: 'c',
            causationId: 'x',
          },
          e,
        ).eventId,
    );
    expect(new Set(ids).size).toBe(2);
  });
});

describe('the hand-off to legal', () => {
  // Stage 4, USD 300.00 overdue: above stage 5's USD 250.00 minimum.
  const account = anAccount({ daysPastDue: 80, overdueMinor: 30_000 });
  const notice = released(account, 4, 'letter', '2026-03-05T15:00:00Z');
  const input = {
    catalog,
    message: aRecord(notice, { deliveredAt: '2026-03-05T15:00:00Z' }),
    laterInStage: false,
    state: account.stateAfter,
  };

  it('hands the account to legal 14 calendar days after the final notice when nothing was paid', () => {
    expect(decideLegalAfterNotice({ ...input, now: utc('2026-03-19T13:59:00Z') }).kind).toBe(
      'wait',
    );
    const result = escalation(
      decideLegalAfterNotice({ ...input, now: utc('2026-03-19T14:00:00Z') }),
    );
    expect(result).toMatchObject({
      from: { stage: 4, channel: 'letter' },
      to: { stage: 5, channel: 'legal' },
      reason: 'STAGES_EXHAUSTED',
    });
  });

  it('does not after a payment, for a balance below the legal minimum, or when a later notice went', () => {
    const now = utc('2026-03-20T00:00:00Z');
    const paid = withEvents(account, aPayment(account, '2026-03-10T12:00:00Z', false, 5_000));
    expect(decideLegalAfterNotice({ ...input, state: paid, now })).toEqual({
      kind: 'settle',
      why: 'PAID',
    });
    const small = anAccount({ daysPastDue: 80, overdueMinor: 10_000 });
    const smallNotice = released(small, 4, 'letter', '2026-03-05T15:00:00Z');
    expect(
      decideLegalAfterNotice({
        ...input,
        message: aRecord(smallNotice),
        state: small.stateAfter,
        now,
      }),
    ).toEqual({ kind: 'settle', why: 'BELOW_LEGAL_MINIMUM' });
    expect(decideLegalAfterNotice({ ...input, laterInStage: true, now })).toEqual({
      kind: 'settle',
      why: 'SUPERSEDED',
    });
  });

  it('hands over once per cycle, whether the wait ran out or the days past due reached stage 5', () => {
    const byWait = escalation(
      decideLegalAfterNotice({ ...input, now: utc('2026-03-19T14:00:00Z') }),
    );
    const stage5 = anAccount({
      accountId: account.accountId,
      daysPastDue: 95,
      overdueMinor: 30_000,
    });
    const byStage = decideLegalByStage({
      catalog,
      state: stage5.stateAfter,
      lastMessage: { stage: 4, channel: 'letter' },
      now: utc('2026-03-20T00:00:00Z'),
      at: '2026-03-20T00:00:00Z',
    });
    expect(byStage).toBeDefined();
    const subject = {
      tenantId: TENANT,
      accountId: account.accountId,
      cycleId: account.cycleId,
      correlationId: 'c',
      causationId: null,
    };
    expect(escalatedEvent(subject, byStage!).eventId).toBe(escalatedEvent(subject, byWait).eventId);
    // A cured account at stage 5's days is not handed over.
    const cured = withEvents(stage5, aPayment(stage5, '2026-03-19T12:00:00Z', true));
    expect(
      decideLegalByStage({
        catalog,
        state: cured,
        lastMessage: undefined,
        now: utc('2026-03-20T00:00:00Z'),
        at: '2026-03-20T00:00:00Z',
      }),
    ).toBeUndefined();
  });
});

describe('a broken arrangement', () => {
  const account = anAccount({ daysPastDue: 20 });

  it('is recorded as PROMISE_BROKEN from the last message to the current stage’s first step', () => {
    const state = withEvents(
      account,
      anArrangement(account, '2026-03-05T00:00:00Z', 'made'),
      anArrangement(account, '2026-03-21T00:00:00Z', 'broken'),
    );
    const result = decideBrokenArrangement({
      catalog,
      state,
      lastMessage: { stage: 2, channel: 'email' },
      now: utc('2026-03-21T00:00:01Z'),
      arrangementId: 'ptp-1',
      at: '2026-03-21T00:00:00Z',
    });
    expect(result).toMatchObject({
      from: { stage: 2, channel: 'email' },
      to: { stage: 2, channel: 'email' },
      reason: 'PROMISE_BROKEN',
    });
  });

  it('is nothing while the promise stands', () => {
    const state = withEvents(account, anArrangement(account, '2026-03-05T00:00:00Z', 'made'));
    expect(
      decideBrokenArrangement({
        catalog,
        state,
        lastMessage: undefined,
        now: utc('2026-03-06T00:00:00Z'),
        arrangementId: 'ptp-1',
        at: '2026-03-06T00:00:00Z',
      }),
    ).toBeUndefined();
  });
});
