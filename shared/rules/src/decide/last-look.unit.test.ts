import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type AccountFlag, type EventOf } from '@kindly/contracts';
import { loadPlanningRules } from '../load-planning-rules.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';
import { decideOutreach } from './decide-outreach.js';
import { lastLook, lookAtWindow, type LastLookMessage } from './last-look.js';
import { channelStepOf } from '../strategy/index.js';

const rules = loadPlanningRules();
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const NUMBER = '+12125550123';
const accountId = sampleEvents['account.overdue'].payload.accountId;
let serial = 0;
const eventId = () => `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`;

// A New York customer, 3 days past due (stage 1), with consent to servicing texts.
function overdue(daysPastDue = 3, cycleId = 'cycle-2026-03'): EventOf<'account.overdue'> {
  const base = sampleEvents['account.overdue'];
  return {
    ...base,
    eventId: eventId(),
    occurredAt: '2026-03-01T00:00:00Z',
    payload: {
      ...base.payload,
      cycleId,
      daysPastDue,
      dueDate: '2026-03-01',
      overdueAmount: { amountMinor: 12_050, currency: 'USD' },
      totalBalance: { amountMinor: 152_000, currency: 'USD' },
      minimumPayment: { amountMinor: 7_600, currency: 'USD' },
    },
  };
}
const contactBase = sampleEvents['contact.updated'];
const contact: EventOf<'contact.updated'> = {
  ...contactBase,
  eventId: eventId(),
  occurredAt: '2026-02-01T00:00:00Z',
  payload: {
    ...contactBase.payload,
    phones: [{ number: NUMBER, type: 'mobile', primary: true }],
    postalAddresses: [
      { lines: ['1 Main St'], city: 'New York', region: 'NY', postalCode: '10001', country: 'US' },
    ],
    locale: 'en-US',
    timeZone: 'America/New_York',
    jurisdiction: 'US',
    preferredWindows: [],
    appointments: [],
    doNotContactAtWork: false,
  },
};
function consent(status: 'granted' | 'revoked', at: string): EventOf<'contact.consent'> {
  return {
    ...sampleEvents['contact.consent'],
    eventId: eventId(),
    occurredAt: at,
    payload: {
      accountId,
      channel: 'sms',
      address: NUMBER,
      purpose: 'servicing',
      status,
      basis: status === 'granted' ? 'contract' : 'customer-request',
      source: status === 'granted' ? 'branch' : 'sms-reply',
      at,
    },
  };
}
const flagged = (flag: AccountFlag): EventOf<'account.status'> => ({
  ...sampleEvents['account.status'],
  eventId: eventId(),
  occurredAt: '2026-03-04T15:00:00Z',
  payload: { accountId, set: [flag], cleared: [], effectiveAt: '2026-03-04T15:00:00Z' },
});
const paid: EventOf<'account.payment'> = {
  ...sampleEvents['account.payment'],
  eventId: eventId(),
  occurredAt: '2026-03-04T15:00:00Z',
  payload: {
    ...sampleEvents['account.payment'].payload,
    amount: { amountMinor: 12_050, currency: 'USD' },
    remainingOverdue: { amountMinor: 0, currency: 'USD' },
    paidAt: '2026-03-04T14:59:00Z',
    curesAccount: true,
  },
};

const base: BankInput[] = [overdue(), contact, consent('granted', '2026-02-01T00:00:00Z')];
const stateOf = (events: readonly BankInput[]) =>
  events.reduce((s, e) => evolveAccountState(s, e).state, emptyAccountState('bank-1', accountId));

const sms: LastLookMessage = {
  channel: 'sms',
  purpose: 'servicing',
  cycleId: 'cycle-2026-03',
  stage: 1,
  zones: ['America/New_York'],
};
const look = (
  now: string,
  events: readonly BankInput[] = base,
  message: LastLookMessage = sms,
  history: Parameters<typeof lastLook>[2]['history'] = [],
) => lastLook(rules, message, { state: stateOf(events), history }, utc(now));

// Wednesday 2026-03-04: 08:00–21:00 in New York (EST) is 13:00Z–02:00Z.
describe('the last look', () => {
  it('allows a message inside its window, to the primary mobile, until the window closes', () => {
    expect(look('2026-03-04T14:00:00Z')).toMatchObject({
      kind: 'allow',
      address: NUMBER,
      windowEndsAt: utc('2026-03-05T02:00:00Z'),
    });
  });

  it('ends the window at the message’s latestSendAt, and stops it as EXPIRED after', () => {
    const until = { ...sms, latestSendAt: '2026-03-04T22:00:00Z' };
    expect(look('2026-03-04T14:00:00Z', base, until)).toMatchObject({
      kind: 'allow',
      windowEndsAt: utc('2026-03-04T22:00:00Z'),
    });
    expect(look('2026-03-04T22:00:01Z', base, until)).toEqual({ kind: 'stop', reason: 'EXPIRED' });
  });

  it('defers a message outside its window to the next window', () => {
    // 22:00 in New York.
    expect(look('2026-03-05T03:00:00Z')).toEqual({
      kind: 'defer',
      until: utc('2026-03-05T13:00:00Z'),
      reason: 'OUTSIDE_WINDOW',
      window: { start: utc('2026-03-05T13:00:00Z'), end: utc('2026-03-06T02:00:00Z') },
    });
  });

  it('defers a message a cap holds back inside its window, naming the cap', () => {
    const earlier = {
      channel: 'sms' as const,
      purpose: 'servicing' as const,
      kind: 'attempt' as const,
    };
    const answer = look('2026-03-04T16:00:00Z', base, sms, [
      { ...earlier, at: '2026-03-04T15:00:00Z' },
    ]);
    expect(answer).toMatchObject({
      kind: 'defer',
      reason: 'CAP_REACHED',
      until: utc('2026-03-05T13:00:00Z'),
    });
    if (answer.kind === 'defer') expect(answer.caps?.length).toBeGreaterThan(0);
  });

  it('stops a message whose account was paid, or whose customer opted out, since', () => {
    expect(look('2026-03-04T16:00:00Z', [...base, paid])).toMatchObject({
      kind: 'stop',
      reason: 'PAID',
    });
    const stop = look('2026-03-04T16:00:00Z', [
      ...base,
      consent('revoked', '2026-03-04T15:00:00Z'),
    ]);
    expect(stop.kind).toBe('stop');
    if (stop.kind === 'stop') expect(['NO_CONSENT', 'OPTED_OUT']).toContain(stop.reason);
  });

  it('stops a message of a superseded cycle or a stage the account has moved past', () => {
    const newCycle = { ...overdue(3, 'cycle-2026-04'), occurredAt: '2026-03-04T15:00:00Z' };
    expect(look('2026-03-04T16:00:00Z', [...base, newCycle])).toMatchObject({
      kind: 'stop',
      reason: 'SUPERSEDED',
    });
    const later = { ...overdue(40), occurredAt: '2026-03-04T15:00:00Z' };
    expect(look('2026-03-04T16:00:00Z', [...base, later])).toMatchObject({
      kind: 'stop',
      reason: 'NEWER_STAGE',
    });
    // A campaign runs outside the cycle and its stages.
    const campaign = { ...sms, campaignId: 'spring-offer' };
    expect(look('2026-03-04T16:00:00Z', [...base, later], campaign).kind).toBe('allow');
  });

  it('narrows the window to the zones the plan was made for, on top of the customer’s own', () => {
    // 11:00 in New York is 21:30 in Kolkata: too late there. Both allow 13:00Z–15:30Z.
    const planned = { ...sms, zones: ['America/New_York', 'Asia/Kolkata'] };
    expect(look('2026-03-04T16:00:00Z').kind).toBe('allow');
    expect(look('2026-03-04T16:00:00Z', base, planned)).toEqual({
      kind: 'defer',
      until: utc('2026-03-05T13:00:00Z'),
      reason: 'OUTSIDE_WINDOW',
      window: { start: utc('2026-03-05T13:00:00Z'), end: utc('2026-03-05T15:30:00Z') },
    });
  });

  it('lets a notice through a cease request by its template kind, and nothing else', () => {
    const ceased = [...base, flagged('cease-communication')];
    const letter: LastLookMessage = { ...sms, channel: 'letter' };
    expect(look('2026-03-04T16:00:00Z', ceased, letter)).toMatchObject({
      kind: 'stop',
      reason: 'CEASE_COMMUNICATION',
    });
    const notice = { ...letter, templateKind: 'cease-efforts-terminated' };
    expect(look('2026-03-04T16:00:00Z', ceased, notice)).toMatchObject({
      kind: 'allow',
      address: 'postal',
    });
  });

  it('agrees with the planner: the notice it plans after a cease request, with its kind, goes', () => {
    const ceased = [...base, flagged('cease-communication')];
    const now = utc('2026-03-04T16:00:00Z');
    const decision = decideOutreach(rules, { state: stateOf(ceased), history: [], tried: [] }, now);
    if (decision.kind !== 'plan') throw new Error(`expected a plan, got ${decision.kind}`);
    const plan = decision.message;
    expect(plan).toMatchObject({ channel: 'letter', templateKind: 'cease-efforts-terminated' });
    const message: LastLookMessage = {
      channel: plan.channel,
      purpose: plan.purpose,
      cycleId: plan.cycleId,
      stage: plan.stage,
      zones: plan.window.zones,
      ...(plan.templateKind !== undefined ? { templateKind: plan.templateKind } : {}),
    };
    expect(lastLook(rules, message, { state: stateOf(ceased), history: [] }, now).kind).toBe(
      decision.sendableNow ? 'allow' : 'defer',
    );
  });

  it('awaits the account’s facts it has not seen', () => {
    const answer = lastLook(
      rules,
      sms,
      { state: undefined, history: [] },
      utc('2026-03-04T14:00:00Z'),
    );
    expect(answer).toEqual({ kind: 'await' });
    expect(look('2026-03-04T14:00:00Z', [overdue()])).toEqual({ kind: 'await' });
  });
});

describe('the window alone', () => {
  const request = {
    contact: contact.payload,
    channel: 'agent-call' as const,
    purpose: 'servicing' as const,
    history: [],
  };

  it('answers at an instant with a short search, as a reported call is checked', () => {
    const at = (now: string) =>
      lookAtWindow(rules.policy, {
        ...request,
        now: utc(now),
        // Only that instant, and any time left in the window will do: the call was made.
        horizon: Duration.fromObject({ minutes: 1 }),
        minimumDuration: Duration.fromObject({ seconds: 1 }),
      });
    expect(at('2026-03-04T15:00:00Z').kind).toBe('allow');
    expect(at('2026-03-04T12:30:00Z')).toMatchObject({ kind: 'stop', reason: 'NO_WINDOW' });
  });
});

describe('a fallback and the preferred channel it passed over (issue 20, item 6)', () => {
  const EMAIL = contact.payload.emails[0]?.address ?? '';
  const emailConsent: EventOf<'contact.consent'> = {
    ...consent('granted', '2026-02-01T00:00:00Z'),
    payload: {
      ...consent('granted', '2026-02-01T00:00:00Z').payload,
      channel: 'email',
      address: EMAIL,
    },
  };
  // Stage 1 texts first, then e-mails: without the text's consent the plan is the e-mail.
  const noTextConsent: BankInput[] = [overdue(), contact, emailConsent];
  const bothConsents: BankInput[] = [...noTextConsent, consent('granted', '2026-03-04T14:00:00Z')];
  const now = utc('2026-03-04T14:00:00Z');
  const planOf = (
    events: readonly BankInput[],
    tried: Parameters<typeof decideOutreach>[1]['tried'] = [],
  ) => {
    const decision = decideOutreach(rules, { state: stateOf(events), history: [], tried }, now);
    if (decision.kind !== 'plan') throw new Error(`expected a plan, got ${decision.kind}`);
    return decision.message;
  };
  /** The scheduler's look at a plan: its passed-over channels read from the plan's stage. */
  const atRelease = (
    plan: ReturnType<typeof planOf>,
    events: readonly BankInput[],
    at = now,
  ): ReturnType<typeof lastLook> =>
    lastLook(
      rules,
      {
        channel: plan.channel,
        purpose: plan.purpose,
        cycleId: plan.cycleId,
        stage: plan.stage,
        zones: plan.window.zones,
        passedOver: (plan.passedOver ?? []).flatMap((channel) => {
          const step = channelStepOf(rules.strategies, { ...plan, channel });
          return step ? [step] : [];
        }),
      },
      { state: stateOf(events), history: [] },
      at,
    );

  it('the plan names the earlier channel it skipped as ineligible, and only that', () => {
    expect(planOf(noTextConsent)).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    const text = planOf(bothConsents);
    expect(text.channel).toBe('sms');
    expect(text.passedOver).toBeUndefined();
  });

  it('a channel tried already is not passed over: an undelivered text keeps its e-mail', () => {
    const fallback = planOf(bothConsents, [{ stage: 1, channel: 'sms', outcome: 'undelivered' }]);
    expect(fallback.channel).toBe('email');
    expect(fallback.passedOver).toBeUndefined();
    // The text is eligible, and still the e-mail goes.
    expect(atRelease(fallback, bothConsents).kind).toBe('allow');
  });

  it('stops the fallback as PREFERRED_CHANNEL once the passed-over channel is eligible', () => {
    const fallback = planOf(noTextConsent);
    expect(atRelease(fallback, noTextConsent).kind).toBe('allow');
    expect(atRelease(fallback, bothConsents)).toEqual({
      kind: 'stop',
      reason: 'PREFERRED_CHANNEL',
    });
  });

  it('the message’s own bars come first: a payment stops it as PAID', () => {
    const fallback = planOf(noTextConsent);
    // Paid at 14:59Z, looked at an hour later.
    expect(atRelease(fallback, [...bothConsents, paid], utc('2026-03-04T16:00:00Z'))).toMatchObject(
      {
        kind: 'stop',
        reason: 'PAID',
      },
    );
  });

  it('a look without passedOver (the dispatcher’s, after release) never supersedes', () => {
    const fallback = planOf(noTextConsent);
    const message: LastLookMessage = { ...sms, channel: 'email' };
    expect(fallback.channel).toBe('email');
    expect(lastLook(rules, message, { state: stateOf(bothConsents), history: [] }, now).kind).toBe(
      'allow',
    );
  });
});
