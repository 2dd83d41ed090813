import { describe, expect, it } from 'vitest';
import { AgentTaskV1Payload } from '@kindly/contracts';
import { loadPlanningRules, type ContactHistoryEntry } from '@kindly/rules';
import { anAccount, released, utc } from '../testing/escalation-fixtures.js';
import { draftTask, maskPhone, suggestOffer } from './agent-task.js';
import { callEntry, callsLeft, callWindows, checkCall, type CallContext } from './call-policy.js';
import { releasedMessageOf } from './escalation-message.js';

const rules = loadPlanningRules();
const account = anAccount({ daysPastDue: 50 });
const contact = account.contact.payload;
const stage3 = rules.strategies.strategies.find((s) => s.strategyId === 'default')?.stages[2];
const context = (history: ContactHistoryEntry[] = []): CallContext => ({
  policy: rules.policy,
  contact,
  purpose: 'servicing',
  history,
});
const attempts = (...at: string[]) => at.map((t) => callEntry(t, 'attempt', 'servicing'));

describe('calling windows', () => {
  it('are 08:00–21:00 in New York, in UTC with the zone', () => {
    // Wednesday 2026-03-04, 07:00 EST.
    const windows = callWindows(
      context(),
      utc('2026-03-04T12:00:00Z'),
      utc('2026-03-06T12:00:00Z'),
    );
    expect(windows[0]).toEqual({
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-05T02:00:00Z',
      zone: 'America/New_York',
    });
    expect(windows).toHaveLength(2);
  });

  it('skip the Sunday and follow the clocks across the spring DST change', () => {
    // From Saturday 2026-03-07 07:00 EST to Tuesday; Sunday 03-08 is the change and is closed.
    const windows = callWindows(
      context(),
      utc('2026-03-07T12:00:00Z'),
      utc('2026-03-10T12:00:00Z'),
    );
    expect(windows.map((w) => [w.start, w.end])).toEqual([
      ['2026-03-07T13:00:00Z', '2026-03-08T02:00:00Z'],
      // Monday 08:00–21:00 EDT is an hour earlier in UTC.
      ['2026-03-09T12:00:00Z', '2026-03-10T01:00:00Z'],
    ]);
  });
});

describe('calls left under the caps', () => {
  const at = utc('2026-03-04T15:00:00Z');

  it('are Reg F’s 7 in 7 days with no calls, fewer after calls, none in the week after a conversation', () => {
    expect(callsLeft(context(), at, 7)).toBe(7);
    expect(callsLeft(context(), at, 3)).toBe(3);
    const five = attempts(
      '2026-03-02T14:00:00Z',
      '2026-03-02T18:00:00Z',
      '2026-03-03T14:00:00Z',
      '2026-03-03T18:00:00Z',
      '2026-03-04T14:00:00Z',
    );
    expect(callsLeft(context(five), at, 7)).toBe(2);
    // Seven days ago (day 1 was 2026-02-26) no longer counts.
    expect(callsLeft(context(attempts('2026-02-25T15:00:00Z')), at, 7)).toBe(7);
    const talked = [callEntry('2026-03-03T15:00:00Z', 'conversation', 'servicing')];
    expect(callsLeft(context(talked), at, 7)).toBe(0);
  });

  it('refuse a call outside the window or over a cap, and allow one inside both', () => {
    expect(checkCall(context(), utc('2026-03-04T12:30:00Z'))).toEqual({
      allowed: false,
      reason: 'OUTSIDE_WINDOW',
    });
    // Sunday: closed all day.
    expect(checkCall(context(), utc('2026-03-08T16:00:00Z'))).toMatchObject({
      reason: 'OUTSIDE_WINDOW',
    });
    expect(checkCall(context(), at)).toEqual({ allowed: true });
    const seven = attempts(
      ...[0, 1, 2, 3, 4, 5, 6].map((i) => `2026-03-0${2 + (i % 3)}T1${i}:00:00Z`),
    );
    expect(checkCall(context(seven), at)).toEqual({ allowed: false, reason: 'CAP_REACHED' });
  });
});

describe('an agent task', () => {
  it('lists the windows, the calls left, the facts and the stage’s first offer, and masks the number', () => {
    if (stage3 === undefined) throw new Error('no stage 3');
    const release = releasedMessageOf(released(account, 3, 'agent-call', '2026-03-04T12:00:00Z'));
    const draft = draftTask({
      policy: rules.policy,
      stage: stage3,
      message: { ...release, messageId: 'm-1' },
      tenantId: 'bank-1',
      accountId: account.accountId,
      overdue: account.overdue.payload,
      contact,
      history: [],
      now: utc('2026-03-04T12:00:00Z'),
      until: utc('2026-03-09T12:00:00Z'),
    });
    if (draft.kind !== 'task') throw new Error('expected a task');
    expect(AgentTaskV1Payload.safeParse(draft.payload).success).toBe(true);
    expect(draft.payload.windows).toHaveLength(4); // Wed, Thu, Fri, Sat; not Sunday
    expect(draft.payload.callAttemptsLeft).toBe(7);
    expect(draft.payload.facts).toEqual({
      overdueAmount: { amountMinor: 12_050, currency: 'USD' },
      daysPastDue: 50,
      stage: 3,
    });
    // USD 120.50 at about the USD 76.00 minimum: 2 months, raised to the offer's minimum of 3.
    expect(draft.payload.suggestedOffer).toEqual({
      kind: 'instalment-plan',
      offerId: 'instalment-plan-3-24',
      instalments: 3,
      amount: { amountMinor: 4_017, currency: 'USD' },
    });
    expect(maskPhone('+12125550134')).toBe('+1212•••••34');
    expect(
      suggestOffer({ ...stage3, offers: [] }, account.overdue.payload, utc('2026-03-04T12:00:00Z')),
    ).toBeUndefined();
  });
});
