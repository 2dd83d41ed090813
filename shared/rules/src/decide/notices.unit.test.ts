import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { sampleEvents, type AccountFlag, type EventOf } from '@kindly/contracts';
import { loadPlanningRules } from '../load-planning-rules.js';
import { emptyAccountState } from '../state/account-state.js';
import { evolveAccountState, type BankInput } from '../state/evolve-account-state.js';
import { channelStepOf, createStrategyCatalog, loadStrategy } from '../strategy/index.js';
import { decideOutreach, type PlanningFacts, type PlanningRules } from './decide-outreach.js';

/*
 * Notices that an event sends, whatever the stage (`notices` in a strategy): the dispute
 * verification (FDCPA 1692g(b), Reg F 1006.38), the notice that efforts are terminated after a
 * cease request (Reg F 1006.6(c)), and the reminder one to two days before a promised payment.
 */

const strategy = loadStrategy(
  `
strategyId: notices-test
version: 1
kind: collections
appliesTo: { default: true }
stages:
  - stage: 1
    name: reminder
    entry: { daysPastDue: { from: 1 } }
    channels:
      - { channel: sms, templateId: reminder-sms, purpose: servicing, fallbackAfter: 48h }
notices:
  - kind: dispute-verification
    channels:
      - channel: letter
        templateId: dispute-verification-letter
        purpose: servicing
        fallbackAfter: 10d
        templateKind: dispute-verification
  - kind: cease-efforts-terminated
    channels:
      - channel: letter
        templateId: cease-efforts-terminated-letter
        purpose: servicing
        fallbackAfter: 10d
        templateKind: cease-efforts-terminated
  - kind: promise-reminder
    channels:
      - channel: sms
        templateId: promise-reminder-sms
        purpose: servicing
        fallbackAfter: 24h
        templateKind: promise-reminder
`,
  'notices-test.yaml',
);

const defaults = loadPlanningRules();
const rules: PlanningRules = { ...defaults, strategies: createStrategyCatalog([strategy]) };
const accountId = sampleEvents['account.overdue'].payload.accountId;
const NOW = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' }); // 10:00 in Shanghai
let serial = 0;

function status(
  set: AccountFlag[],
  extra: { disputeVerified?: true; cleared?: AccountFlag[] } = {},
): EventOf<'account.status'> {
  serial += 1;
  return {
    ...sampleEvents['account.status'],
    eventId: `01J00000000000000000STAT${String(serial).padStart(2, '0')}`,
    occurredAt: `2026-03-01T00:00:${String(serial).padStart(2, '0')}Z`,
    payload: {
      accountId,
      set,
      cleared: extra.cleared ?? [],
      effectiveAt: '2026-03-01T00:00:00Z',
      ...(extra.disputeVerified ? { disputeVerified: true as const } : {}),
    },
  };
}

function promise(
  status: 'made' | 'kept' | 'broken',
  promisedDate: string,
  at: string,
): EventOf<'account.arrangement'> {
  const sample = sampleEvents['account.arrangement'];
  if (sample.payload.kind !== 'promise-to-pay') throw new Error('expected a promise to pay');
  return {
    ...sample,
    eventId: `01J0000000000000000ARR${status.toUpperCase().padEnd(4, 'X')}`,
    occurredAt: at,
    payload: { ...sample.payload, status, promisedDate },
  };
}

function stateOf(events: readonly BankInput[]) {
  const base: BankInput[] = [
    sampleEvents['account.overdue'],
    sampleEvents['contact.updated'], // Asia/Shanghai, CN, a +86 mobile and a postal address
    sampleEvents['contact.consent'], // sms, servicing, contract
  ];
  return [...base, ...events].reduce(
    (s, e) => evolveAccountState(s, e).state,
    emptyAccountState('bank-1', accountId),
  );
}

function decide(
  events: readonly BankInput[],
  now = NOW,
  more: Partial<Omit<PlanningFacts, 'state'>> = {},
) {
  return decideOutreach(rules, { state: stateOf(events), history: [], tried: [], ...more }, now);
}

describe('the dispute verification notice', () => {
  const verified = status(['dispute'], { disputeVerified: true });
  it('is planned once the bank has verified the disputed debt, and nothing else', () => {
    const decision = decide([verified]);
    expect(decision).toMatchObject({
      kind: 'plan',
      message: { channel: 'letter', templateId: 'dispute-verification-letter' },
    });
    if (decision.kind !== 'plan') return;
    expect(decision.message.reasons).toContain('NOTICE_DISPUTE_VERIFICATION');
    // It went: the dispute still stands, so nothing more until the bank clears it.
    const after = decide([verified], NOW, {
      tried: [
        {
          stage: 1,
          channel: 'letter',
          outcome: 'delivered',
          messageId: decision.message.messageId,
        },
      ],
    });
    expect(after).toMatchObject({ kind: 'suppress', reasons: ['DISPUTE'] });
  });

  it('is not planned while the dispute is open and unverified: collection stays suppressed', () => {
    expect(decide([status(['dispute'])])).toMatchObject({
      kind: 'suppress',
      reasons: ['DISPUTE'],
    });
  });

  it('waits for its outcome instead of suppressing (and so cancelling) itself', () => {
    const first = decide([verified]);
    if (first.kind !== 'plan') throw new Error('expected a plan');
    const again = decide([verified], NOW, {
      tried: [
        { stage: 1, channel: 'letter', outcome: 'pending', messageId: first.message.messageId },
      ],
    });
    expect(again).toEqual({ kind: 'nothing', why: 'AWAITING_OUTCOME' });
  });

  it('a later look finds its kind from the planned message', () => {
    const decision = decide([verified]);
    if (decision.kind !== 'plan') throw new Error('expected a plan');
    expect(channelStepOf(rules.strategies, decision.message)?.templateKind).toBe(
      'dispute-verification',
    );
  });
});

describe('the notice after a cease-communication request', () => {
  const cease = status(['cease-communication']);
  it('plans the efforts-terminated notice and withdraws the waiting reminder', () => {
    const decision = decide([cease], NOW, {
      tried: [{ stage: 1, channel: 'sms', outcome: 'pending', messageId: 'stage-sms' }],
    });
    expect(decision).toMatchObject({
      kind: 'plan',
      message: { channel: 'letter', templateId: 'cease-efforts-terminated-letter' },
      withdraw: [{ stage: 1, channel: 'sms', reasons: ['CEASE_COMMUNICATION'] }],
    });
  });

  it('goes at most once: after it, everything is suppressed', () => {
    const first = decide([cease]);
    if (first.kind !== 'plan') throw new Error('expected a plan');
    const after = decide([cease], NOW.plus({ days: 20 }), {
      tried: [
        { stage: 1, channel: 'letter', outcome: 'delivered', messageId: first.message.messageId },
      ],
    });
    expect(after).toMatchObject({ kind: 'suppress', reasons: ['CEASE_COMMUNICATION'] });
  });

  it('is not planned without the request', () => {
    expect(decide([])).toMatchObject({ kind: 'plan', message: { templateId: 'reminder-sms' } });
  });
});

describe('the reminder before a promised payment', () => {
  const made = promise('made', '2026-03-09', '2026-03-03T00:00:00Z'); // 5 days after NOW

  it('is planned one to two days before the promised date, inside the window', () => {
    const decision = decide([made]);
    expect(decision).toMatchObject({
      kind: 'plan',
      message: { channel: 'sms', templateId: 'promise-reminder-sms' },
    });
    if (decision.kind !== 'plan') return;
    const zone = 'Asia/Shanghai';
    const start = DateTime.fromISO(decision.message.earliestSendAt).setZone(zone);
    const end = DateTime.fromISO(decision.message.latestSendAt).setZone(zone);
    expect(start.toISODate()).toBe('2026-03-07');
    expect(start.hour).toBeGreaterThanOrEqual(8);
    expect(end <= DateTime.fromISO('2026-03-08T00:00:00', { zone })).toBe(true);
    expect(decision.sendableNow).toBe(false);
  });

  it('is the only message during the pause: after it, the pause suppresses', () => {
    const first = decide([made]);
    if (first.kind !== 'plan') throw new Error('expected a plan');
    const after = decide([made], NOW.plus({ days: 4 }), {
      tried: [
        { stage: 1, channel: 'sms', outcome: 'delivered', messageId: first.message.messageId },
      ],
    });
    expect(after).toMatchObject({ kind: 'suppress', reasons: ['PROMISE_PENDING'] });
  });

  it('counts toward the caps: an earlier contact on the day moves it', () => {
    const history = [
      {
        channel: 'sms' as const,
        purpose: 'servicing' as const,
        at: '2026-03-07T01:00:00Z',
        kind: 'attempt' as const,
      },
    ];
    const decision = decide([made], NOW, { history });
    expect(decision.kind).toBe('plan');
    if (decision.kind !== 'plan') return;
    expect(decision.message.earliestSendAt > '2026-03-07T01:00:00Z').toBe(true);
  });

  it('is withdrawn when the promise is kept before it goes', () => {
    const first = decide([made]);
    if (first.kind !== 'plan') throw new Error('expected a plan');
    const pending = [
      {
        stage: 1,
        channel: 'sms' as const,
        outcome: 'pending' as const,
        messageId: first.message.messageId,
      },
    ];
    const kept = decide(
      [made, promise('kept', '2026-03-09', '2026-03-05T00:00:00Z')],
      NOW.plus({ days: 1 }),
      { tried: pending },
    );
    expect(kept.kind).not.toBe('suppress');
    if (kept.kind === 'suppress') return;
    expect(kept.withdraw).toContainEqual(
      expect.objectContaining({ messageId: first.message.messageId, reasons: ['PAID'] }),
    );
  });

  it('is withdrawn when the account is paid before it goes', () => {
    const first = decide([made]);
    if (first.kind !== 'plan') throw new Error('expected a plan');
    const paid: EventOf<'account.payment'> = {
      ...sampleEvents['account.payment'],
      occurredAt: '2026-03-05T00:00:00Z',
      payload: {
        ...sampleEvents['account.payment'].payload,
        paidAt: '2026-03-05T00:00:00Z',
        curesAccount: true,
      },
    };
    const pending = [
      {
        stage: 1,
        channel: 'sms' as const,
        outcome: 'pending' as const,
        messageId: first.message.messageId,
      },
    ];
    const decision = decide([made, paid], NOW.plus({ days: 1 }), { tried: pending });
    if (decision.kind === 'plan') throw new Error('nothing may be planned');
    const withdrawals = decision.kind === 'nothing' ? (decision.withdraw ?? []) : [];
    // A suppression on every channel cancels every open message (the planner's cancellation);
    // otherwise the reminder is withdrawn by id.
    if (decision.kind === 'suppress') expect(decision.reasons).toContain('PAID');
    else
      expect(withdrawals).toContainEqual(
        expect.objectContaining({ messageId: first.message.messageId }),
      );
  });

  it('is not planned when the promised date is too close to remind before it', () => {
    const tomorrow = promise('made', '2026-03-05', '2026-03-03T00:00:00Z');
    const decision = decide([tomorrow], NOW.plus({ days: 1 }));
    expect(decision).toMatchObject({ kind: 'suppress', reasons: ['PROMISE_PENDING'] });
  });
});

describe('the shipped strategies', () => {
  it('send the promise reminder by e-mail where no SMS may go', () => {
    const shipped = loadPlanningRules();
    const withoutSms = [
      sampleEvents['account.overdue'],
      sampleEvents['contact.updated'],
      promise('made', '2026-03-09', '2026-03-03T00:00:00Z'),
    ].reduce((s, e) => evolveAccountState(s, e).state, emptyAccountState('bank-1', accountId));
    const decision = decideOutreach(shipped, { state: withoutSms, history: [], tried: [] }, NOW);
    expect(decision).toMatchObject({
      kind: 'plan',
      message: { channel: 'email', templateId: 'promise-reminder-email' },
    });
    if (decision.kind === 'plan') expect(decision.message.reasons).toContain('SKIPPED_SMS');
  });
});
