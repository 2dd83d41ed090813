import { describe, expect, it } from 'vitest';
import { newEventId, sampleEvents, type EventOf } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { anAccount, utc, withEvents } from '../testing/escalation-fixtures.js';
import type { AgentTask } from './agent-task.js';
import { callAllowedAt } from './call-allowed.js';
import { taskViewAt } from './desk-views.use-case.js';

const rules = loadPlanningRules();
// Wednesday 4 March 2026, 09:00 in New York: 22:00 in Shanghai.
const NOW = utc('2026-03-04T14:00:00Z');

/** A task made when the customer was only in New York: today's window, 08:00–21:00 there. */
function aTask(account: ReturnType<typeof anAccount>): AgentTask {
  const sample = sampleEvents['agent.task'];
  return {
    taskId: 'task-1',
    messageId: 'message-1',
    tenantId: account.tenantId,
    accountId: account.accountId,
    cycleId: account.cycleId,
    correlationId: 'c-1',
    eventId: 'e-1',
    causationId: 'r-1',
    createdAt: '2026-03-04T12:00:00Z',
    status: 'open',
    payload: {
      ...sample.payload,
      accountId: account.accountId,
      windows: [
        { start: '2026-03-04T13:00:00Z', end: '2026-03-05T02:00:00Z', zone: 'America/New_York' },
      ],
      callAttemptsLeft: 2,
    },
    purpose: 'servicing',
    maxCallAttempts: 2,
    calls: [],
  };
}

/** The bank says later that the customer may be in another zone too. */
function maybeIn(account: ReturnType<typeof anAccount>, zone: string): EventOf<'contact.updated'> {
  return {
    ...account.contact,
    eventId: newEventId(),
    occurredAt: '2026-03-04T13:30:00Z',
    payload: { ...account.contact.payload, candidateTimeZones: [zone] },
  };
}

describe('callable now is the report’s rule', () => {
  it('is callable inside the stored window while the contact is as it was', () => {
    const account = anAccount();
    const task = aTask(account);
    const current = { state: account.stateAfter, history: [] };
    expect(callAllowedAt({ policy: rules.policy, task, ...current }, NOW)).toMatchObject({
      allowed: true,
    });
    const view = taskViewAt(rules.policy, task, current, NOW);
    expect(view.callable).toBe(true);
    expect(view.callableUntil).toBe('2026-03-05T02:00:00Z');
  });

  it('is not callable once a contact.updated adds a zone where it is 22:00', () => {
    const account = anAccount();
    const task = aTask(account);
    const current = { state: withEvents(account, maybeIn(account, 'Asia/Shanghai')), history: [] };
    // The stored window still holds `now`: only the current contact says no, as the report does.
    expect(callAllowedAt({ policy: rules.policy, task, ...current }, NOW)).toMatchObject({
      allowed: false,
      reason: 'OUTSIDE_WINDOW',
    });
    const view = taskViewAt(rules.policy, task, current, NOW);
    expect(view.callable).toBe(false);
    expect(view.callableUntil).toBeUndefined();
  });

  it('is callable until the earliest close of the current zones (London added: 21:00 there)', () => {
    const account = anAccount();
    const current = { state: withEvents(account, maybeIn(account, 'Europe/London')), history: [] };
    const view = taskViewAt(rules.policy, aTask(account), current, NOW);
    expect(view.callable).toBe(true);
    expect(view.callableUntil).toBe('2026-03-04T21:00:00Z');
  });

  it('is not callable before the account’s facts have arrived', () => {
    const account = anAccount();
    const view = taskViewAt(rules.policy, aTask(account), undefined, NOW);
    expect(view.callable).toBe(false);
  });
});
