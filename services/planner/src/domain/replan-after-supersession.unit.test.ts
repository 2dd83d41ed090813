import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { AccountStateStore } from '@kindly/account-state';
import {
  createEvent,
  deterministicId,
  sampleEvents,
  type EventOf,
  type OutreachPlannedV1,
} from '@kindly/contracts';
import {
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
} from '@kindly/rules';
import { MAX_SUPERSESSIONS, planAccount } from './plan-account.use-case.js';
import type { LoggedMessage, OutreachLog, PlannerEvent } from './ports.js';
import { replanAfterSupersession } from './replan-after-supersession.use-case.js';

const rules = loadPlanningRules();
const NOW = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' }); // 10:00 in Shanghai
const ACCOUNT = 'acct-replan';
const base = { tenantId: 'bank-1', correlationId: 'c-replan', causationId: null };

/** Overdue, with contact details and no consent to texts: its stage 1 plan is the e-mail. */
function accountWithoutTextConsent(): AccountState {
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: 'e-contact',
    occurredAt: '2026-03-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId: ACCOUNT,
      preferredWindows: [],
      appointments: [],
    },
  };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: 'e-overdue',
    occurredAt: '2026-03-04T01:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId: ACCOUNT,
      cycleId: `${ACCOUNT}-2026-03-01`,
      dueDate: '2026-03-01',
      daysPastDue: 3,
    },
  };
  return [contact, overdue].reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState('bank-1', ACCOUNT),
  );
}

/** The planner's log in memory, as the repository keeps it (the parts a look reads and writes). */
class LogInMemory implements OutreachLog {
  readonly messages = new Map<string, LoggedMessage>();
  private readonly unpublished = new Map<string, OutreachPlannedV1>();

  accountLog() {
    return Promise.resolve({
      messages: [...this.messages.values()],
      unpublished: [...this.unpublished].map(([messageId, event]) => ({
        messageId,
        event,
        since: new Date(0),
      })),
    });
  }
  claim(message: Omit<LoggedMessage, 'status' | 'published'>, event: OutreachPlannedV1) {
    const open = [...this.messages.values()].some(
      (m) =>
        m.messageId !== message.messageId &&
        m.status === 'planned' &&
        m.outcome === undefined &&
        m.cycleId === message.cycleId &&
        m.stage === message.stage,
    );
    if (open) return Promise.resolve('taken' as const);
    if (!this.messages.has(message.messageId)) {
      this.messages.set(message.messageId, { ...message, status: 'planned', published: false });
      this.unpublished.set(message.messageId, event);
    }
    return Promise.resolve('claimed' as const);
  }
  markPublished(messageId: string) {
    this.unpublished.delete(messageId);
    this.update(messageId, { published: true });
    return Promise.resolve();
  }
  unpublishedBefore() {
    return Promise.resolve([]);
  }
  oldestUnpublished() {
    return Promise.resolve(undefined);
  }
  markCancelled(messageId: string) {
    this.update(messageId, { status: 'cancelled' });
    return Promise.resolve();
  }
  markSuperseded(messageId: string) {
    const message = this.messages.get(messageId);
    if (!message) return Promise.resolve(undefined);
    if (message.sentAt !== undefined || message.outcome !== undefined) {
      return Promise.resolve({ message, result: 'already-sent' as const });
    }
    if (message.status !== 'planned') {
      return Promise.resolve({ message, result: 'already-cancelled' as const });
    }
    const superseded = this.update(messageId, { status: 'cancelled', supersededAtRelease: true });
    return Promise.resolve({ message: superseded, result: 'superseded' as const });
  }
  recordOutcome(messageId: string, update: { sentAt?: string }) {
    return Promise.resolve(this.update(messageId, update));
  }
  findMessage() {
    return Promise.resolve(undefined);
  }
  suppressionAnnounced() {
    return Promise.resolve(false);
  }
  recordSuppression() {
    return Promise.resolve();
  }
  private update(messageId: string, changes: Partial<LoggedMessage>): LoggedMessage {
    const message = { ...this.messages.get(messageId)!, ...changes };
    this.messages.set(messageId, message);
    return message;
  }
}

function planner(state: AccountState = accountWithoutTextConsent()) {
  const log = new LogInMemory();
  const published: PlannerEvent[] = [];
  const store: AccountStateStore = {
    load: () => Promise.resolve({ state, version: 1 }),
    save: () => Promise.resolve(true),
  };
  const deps = {
    rules,
    log,
    store,
    events: {
      publish: (events: readonly PlannerEvent[]) => {
        published.push(...events);
        return Promise.resolve();
      },
    },
  };
  const plans = () =>
    published.filter((e): e is OutreachPlannedV1 => e.type === 'outreach.planned');
  /** The scheduler's cancellation of a plan at release, for the channel it passed over. */
  const preferredChannel = (plan: OutreachPlannedV1): EventOf<'outreach.cancelled'> =>
    createEvent('outreach.cancelled', {
      ...base,
      eventId: deterministicId('outreach.cancelled', plan.payload.messageId),
      occurredAt: NOW.toISO() ?? '',
      causationId: plan.eventId,
      payload: {
        accountId: ACCOUNT,
        messageId: plan.payload.messageId,
        cycleId: plan.payload.cycleId,
        stage: plan.payload.stage,
        channel: plan.payload.channel,
        reason: 'PREFERRED_CHANNEL',
      },
    });
  const deliver = (event: EventOf<'outreach.cancelled'>) =>
    replanAfterSupersession(deps, event, NOW);
  return { log, deps, plans, preferredChannel, deliver, state };
}

/** The first look, as the overdue event's handler takes it: the e-mail, passing the text over. */
async function firstPlan(p: ReturnType<typeof planner>) {
  await planAccount(p.deps, p.state, { eventId: 'e-overdue', correlationId: 'c-replan' }, NOW);
  const [email] = p.plans();
  expect(email?.payload).toMatchObject({ channel: 'email', passedOver: ['sms'] });
  return email!;
}

describe('the planner’s re-plan after a PREFERRED_CHANNEL cancellation', () => {
  it('names the passed-over channel up to the limit, and not in the plan after it', async () => {
    const p = planner();
    await firstPlan(p);
    // The planner never folds the consent the scheduler keeps finding.
    for (let round = 1; round <= MAX_SUPERSESSIONS; round++) {
      expect(await p.deliver(p.preferredChannel(p.plans().at(-1)!))).toBe('replanned');
    }
    const plans = p.plans().map((e) => e.payload);
    expect(plans).toHaveLength(MAX_SUPERSESSIONS + 1);
    expect(new Set(plans.map((m) => m.messageId)).size).toBe(MAX_SUPERSESSIONS + 1);
    // The 3rd plan (after two supersessions) still names the text; the 4th (after the 3rd) not.
    expect(plans[MAX_SUPERSESSIONS - 1]?.passedOver).toEqual(['sms']);
    expect(plans[MAX_SUPERSESSIONS]?.passedOver).toBeUndefined();
    expect(plans[MAX_SUPERSESSIONS]?.reasons).toContain('SUPERSESSIONS_EXHAUSTED');
  });

  it('marks once: a redelivered cancellation changes nothing and plans nothing new', async () => {
    const p = planner();
    const email = await firstPlan(p);
    const cancelled = p.preferredChannel(email);
    expect(await p.deliver(cancelled)).toBe('replanned');
    expect(p.plans()).toHaveLength(2);
    expect(p.log.messages.get(email.payload.messageId)).toMatchObject({
      status: 'cancelled',
      supersededAtRelease: true,
    });
    expect(await p.deliver(cancelled)).toBe('duplicate');
    expect(p.plans()).toHaveLength(2);
    const superseded = [...p.log.messages.values()].filter((m) => m.supersededAtRelease);
    expect(superseded).toHaveLength(1);
  });

  it('still re-plans when redelivered after a crash between marking and re-planning', async () => {
    const p = planner();
    const email = await firstPlan(p);
    // The first delivery marked the message, then the process died before it looked again.
    expect((await p.log.markSuperseded(email.payload.messageId))?.result).toBe('superseded');
    expect(await p.deliver(p.preferredChannel(email))).toBe('duplicate');
    expect(p.plans()).toHaveLength(2);
    expect(p.plans()[1]?.payload.messageId).not.toBe(email.payload.messageId);
  });

  it('re-plans nothing for a message it knows was sent', async () => {
    const p = planner();
    const email = await firstPlan(p);
    await p.log.recordOutcome(email.payload.messageId, { sentAt: NOW.toISO() ?? '' });
    expect(await p.deliver(p.preferredChannel(email))).toBe('already-sent');
    expect(p.plans()).toHaveLength(1);
    expect(p.log.messages.get(email.payload.messageId)?.status).toBe('planned');
  });

  it('acts on no other reason, SUPERSEDED included', async () => {
    const p = planner();
    const email = await firstPlan(p);
    const other = p.preferredChannel(email);
    expect(await p.deliver({ ...other, payload: { ...other.payload, reason: 'SUPERSEDED' } })).toBe(
      'not-a-supersession',
    );
    expect(p.plans()).toHaveLength(1);
  });
});
