import { randomUUID } from 'node:crypto';
import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf, type OutreachPlannedV1Payload } from '@kindly/contracts';
import {
  decideOutreach,
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
  type BankInput,
} from '@kindly/rules';
import { lastLook, type LastLookRules } from './last-look.js';
import type { ReleasedContact, ScheduledMessage } from './scheduled-message.js';

const planning = loadPlanningRules();
const rules: LastLookRules = {
  planning,
  maxDelay: Duration.fromObject({ hours: 72 }),
  awaitAccountRetry: Duration.fromObject({ minutes: 1 }),
};
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const NUMBER = '+12125550123';

// A New York customer, 3 days past due, with consent to servicing texts.
const overdueBase = sampleEvents['account.overdue'];
function overdue(daysPastDue: number, cycleId = overdueBase.payload.cycleId) {
  return {
    ...overdueBase,
    eventId: randomUUID(),
    occurredAt: '2026-03-01T00:00:00Z',
    payload: {
      ...overdueBase.payload,
      cycleId,
      daysPastDue,
      dueDate: '2026-03-01',
      overdueAmount: { amountMinor: 12_050, currency: 'USD' as const },
      totalBalance: { amountMinor: 152_000, currency: 'USD' as const },
      minimumPayment: { amountMinor: 7_600, currency: 'USD' as const },
    },
  } satisfies EventOf<'account.overdue'>;
}
const contactBase = sampleEvents['contact.updated'];
function contact(timeZone = 'America/New_York', occurredAt = '2026-02-01T00:00:00Z') {
  return {
    ...contactBase,
    eventId: randomUUID(),
    occurredAt,
    payload: {
      ...contactBase.payload,
      phones: [{ number: NUMBER, type: 'mobile' as const, primary: true }],
      postalAddresses: [],
      locale: 'en-US',
      timeZone,
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  } satisfies EventOf<'contact.updated'>;
}
const consentBase = sampleEvents['contact.consent'];
function consent(status: 'granted' | 'revoked', occurredAt = '2026-02-01T00:00:00Z') {
  return {
    ...consentBase,
    eventId: randomUUID(),
    occurredAt,
    payload: {
      accountId: consentBase.payload.accountId,
      channel: 'sms',
      address: NUMBER,
      purpose: 'servicing',
      status,
      basis: 'contract',
      source: 'branch',
      at: occurredAt,
    },
  } satisfies EventOf<'contact.consent'>;
}

function stateOf(...events: BankInput[]): AccountState {
  return events.reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState('bank-1', overdueBase.payload.accountId),
  );
}

const base = [overdue(3), contact(), consent('granted')];

/** The plan the planner makes from these facts at `at`, as the scheduler stores it. */
function planAt(at: string, events: BankInput[] = base): ScheduledMessage {
  const decision = decideOutreach(
    planning,
    { state: stateOf(...events), history: [], tried: [] },
    utc(at),
  );
  if (decision.kind !== 'plan') throw new Error(`expected a plan, got ${decision.kind}`);
  const plan: OutreachPlannedV1Payload = decision.message;
  return {
    tenantId: 'bank-1',
    plan,
    plannedEventId: 'e1',
    correlationId: 'c1',
    earliestSendAt: plan.earliestSendAt,
    latestSendAt: plan.latestSendAt,
    reslots: 0,
  };
}

function look(
  message: ScheduledMessage,
  now: string,
  events: BankInput[] = base,
  released: ReleasedContact[] = [],
) {
  return lastLook(rules, message, { state: stateOf(...events), released }, utc(now));
}

describe('the last look', () => {
  // Wednesday 2026-03-04, 09:00 in New York (EST, UTC-5).
  const message = planAt('2026-03-04T14:00:00Z');

  it('releases a due message inside its window, to go out before the window closes', () => {
    expect(message.plan).toMatchObject({ channel: 'sms', earliestSendAt: '2026-03-04T14:00:00Z' });
    const verdict = look(message, '2026-03-04T14:00:05Z');
    expect(verdict).toEqual({ kind: 'release', latestSendAt: message.latestSendAt });
    // 21:00 in New York.
    expect(message.latestSendAt).toBe('2026-03-05T02:00:00Z');
  });

  it('cancels when a payment that cures the account arrived while the message waited', () => {
    const payment = {
      ...sampleEvents['account.payment'],
      eventId: randomUUID(),
      occurredAt: '2026-03-04T15:00:00Z',
      payload: {
        ...sampleEvents['account.payment'].payload,
        amount: { amountMinor: 12_050, currency: 'USD' as const },
        remainingOverdue: { amountMinor: 0, currency: 'USD' as const },
        paidAt: '2026-03-04T14:59:00Z',
        curesAccount: true,
      },
    } satisfies EventOf<'account.payment'>;
    const verdict = look(message, '2026-03-04T16:00:00Z', [...base, payment]);
    expect(verdict).toMatchObject({ kind: 'cancel', reason: 'PAID' });
  });

  it('cancels when the customer revoked consent (STOP) while the message waited', () => {
    const verdict = look(message, '2026-03-04T16:00:00Z', [
      ...base,
      consent('revoked', '2026-03-04T15:00:00Z'),
    ]);
    expect(verdict.kind).toBe('cancel');
    if (verdict.kind === 'cancel') expect(['NO_CONSENT', 'OPTED_OUT']).toContain(verdict.reason);
  });

  it('cancels when a dispute is raised', () => {
    const status = sampleEvents['account.status'];
    const dispute = {
      ...status,
      eventId: randomUUID(),
      occurredAt: '2026-03-04T15:00:00Z',
      payload: {
        accountId: status.payload.accountId,
        set: ['dispute'],
        cleared: [],
        effectiveAt: '2026-03-04T15:00:00Z',
      },
    } satisfies EventOf<'account.status'>;
    expect(look(message, '2026-03-04T16:00:00Z', [...base, dispute])).toMatchObject({
      kind: 'cancel',
      reason: 'DISPUTE',
    });
  });

  it('cancels a message of an earlier cycle or an earlier stage', () => {
    const newCycle = { ...overdue(3, 'cycle-2026-04'), occurredAt: '2026-03-04T15:00:00Z' };
    expect(look(message, '2026-03-04T16:00:00Z', [...base, newCycle])).toMatchObject({
      kind: 'cancel',
      reason: 'SUPERSEDED',
    });
    const later = { ...overdue(40), occurredAt: '2026-03-04T15:00:00Z' };
    expect(look(message, '2026-03-04T16:00:00Z', [...base, later])).toMatchObject({
      kind: 'cancel',
      reason: 'NEWER_STAGE',
    });
  });

  it('waits for the account facts it has not seen yet, then gives up after the catch-up limit', () => {
    const none = lastLook(
      rules,
      message,
      { state: undefined, released: [] },
      utc('2026-03-04T14:00:00Z'),
    );
    expect(none).toEqual({
      kind: 'defer',
      until: '2026-03-04T14:01:00Z',
      reason: 'AWAITING_ACCOUNT',
    });
    // Looked at again and again without the facts: twice as long each time, up to the maximum.
    const waits = [1, 2, 3, 8].map((claims) =>
      lastLook(
        {
          ...rules,
          awaitAccountRetry: Duration.fromObject({ seconds: 1 }),
          awaitAccountRetryMax: Duration.fromObject({ minutes: 1 }),
        },
        { ...message, claims },
        { state: undefined, released: [] },
        utc('2026-03-04T14:00:00Z'),
      ),
    );
    expect(waits.map((w) => (w.kind === 'defer' ? w.until : w.kind))).toEqual([
      '2026-03-04T14:00:01Z',
      '2026-03-04T14:00:02Z',
      '2026-03-04T14:00:04Z',
      '2026-03-04T14:01:00Z',
    ]);
    const late = lastLook(
      rules,
      message,
      { state: undefined, released: [] },
      utc('2026-03-08T02:00:00Z'),
    );
    expect(late).toMatchObject({ kind: 'cancel', reason: 'EXPIRED' });
  });

  it('re-slots a backlog found after its window closed to the next window, never sends it late', () => {
    // 22:00 in New York: the window closed an hour ago.
    const verdict = look(message, '2026-03-05T03:00:00Z');
    expect(verdict).toEqual({
      kind: 'defer',
      until: '2026-03-05T13:00:00Z',
      reason: 'RESLOTTED',
      window: { earliestSendAt: '2026-03-05T13:00:00Z', latestSendAt: '2026-03-06T02:00:00Z' },
    });
  });

  it('never re-slots a campaign’s message past its planned window: the campaign has ended by then', () => {
    const campaign = {
      ...message,
      plan: { ...message.plan, campaignId: 'spring' },
    };
    // 22:00 in New York, the window closed an hour ago: a collections message would wait for
    // tomorrow's window (above); the campaign's expires. So it does the next morning, inside an
    // allowed window (a scheduler down overnight), when a reminder would simply go.
    expect(look(campaign, '2026-03-05T14:30:00Z')).toMatchObject({
      kind: 'cancel',
      reason: 'EXPIRED',
    });
    expect(look(campaign, '2026-03-05T03:00:00Z')).toMatchObject({
      kind: 'cancel',
      reason: 'EXPIRED',
    });
  });

  it('re-slots across the spring DST change and past a Sunday', () => {
    // Planned for Friday 2026-03-06; the scheduler was down until Sunday 03:30 EDT (07:30Z), the
    // night the clocks went forward. Sundays are closed in the US policy: Monday 08:00 EDT.
    const friday = planAt('2026-03-06T14:00:00Z');
    expect(look(friday, '2026-03-08T07:30:00Z')).toMatchObject({
      kind: 'defer',
      until: '2026-03-09T12:00:00Z',
      window: { earliestSendAt: '2026-03-09T12:00:00Z', latestSendAt: '2026-03-10T01:00:00Z' },
    });
  });

  it('cancels as expired what could only go out later than the catch-up limit', () => {
    expect(look(message, '2026-03-09T03:00:00Z')).toMatchObject({
      kind: 'cancel',
      reason: 'EXPIRED',
    });
  });

  it('waits when a frequency cap is full, until the cap frees up', () => {
    const verdict = look(message, '2026-03-04T16:00:00Z', base, [
      { channel: 'sms', purpose: 'servicing', at: '2026-03-04T15:00:00Z' },
    ]);
    // One SMS a day, in the customer's calendar days: the next day opens at 08:00 New York.
    expect(verdict).toMatchObject({
      kind: 'defer',
      reason: 'CAP_REACHED',
      until: '2026-03-05T13:00:00Z',
    });
  });

  it('narrows to the hours allowed in a new half-hour zone the bank reported since planning', () => {
    // The customer moved to India (UTC+05:30), keeping the New York number: both zones count.
    // 11:00 in New York is 21:30 in Kolkata: too late there. Both allow 13:00Z–15:30Z.
    const moved = [...base, contact('Asia/Kolkata', '2026-03-04T15:00:00Z')];
    expect(look(message, '2026-03-04T16:00:00Z', moved)).toEqual({
      kind: 'defer',
      until: '2026-03-05T13:00:00Z',
      reason: 'RESLOTTED',
      window: { earliestSendAt: '2026-03-05T13:00:00Z', latestSendAt: '2026-03-05T15:30:00Z' },
    });
  });
});

describe('a fallback whose preferred channel became eligible (passedOver)', () => {
  // No consent to texts yet: stage 1 falls back from the text to the e-mail.
  const noText = [overdue(3), contact()];
  const fallback = planAt('2026-03-04T14:00:00Z', noText);

  it('is released while the text is still barred', () => {
    expect(fallback.plan).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    expect(look(fallback, '2026-03-04T14:00:05Z', noText).kind).toBe('release');
  });

  it('is cancelled as PREFERRED_CHANNEL, never released, once the consent to texts is in', () => {
    expect(look(fallback, '2026-03-04T14:00:05Z', [...noText, consent('granted')])).toEqual({
      kind: 'cancel',
      reason: 'PREFERRED_CHANNEL',
    });
  });

  it('an e-mail that passed nothing over goes, whatever the text', () => {
    const { passedOver: _, ...own } = fallback.plan;
    const plain = { ...fallback, plan: own };
    expect(look(plain, '2026-03-04T14:00:05Z', [...noText, consent('granted')]).kind).toBe(
      'release',
    );
  });
});
