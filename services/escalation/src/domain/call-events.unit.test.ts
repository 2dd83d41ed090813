import { describe, expect, it } from 'vitest';
import { AccountArrangementV1, AccountStatusV1 } from '@kindly/contracts';
import type { AgentTask } from './agent-task.js';
import { callEvents, callStatusOf, contractTakesCallOutcomes } from './call-events.js';

const task: AgentTask = {
  taskId: 'task-1',
  messageId: 'message-1',
  tenantId: 'bank-1',
  accountId: 'acct-1',
  cycleId: 'cycle-1',
  correlationId: 'cycle-cycle-1',
  eventId: 'task-event-1',
  causationId: 'released-1',
  createdAt: '2026-03-04T12:00:00Z',
  status: 'open',
  payload: {
    accountId: 'acct-1',
    taskId: 'task-1',
    cycleId: 'cycle-1',
    windows: [
      { start: '2026-03-04T13:00:00Z', end: '2026-03-05T02:00:00Z', zone: 'America/New_York' },
    ],
    callAttemptsLeft: 7,
    facts: { overdueAmount: { amountMinor: 12_050, currency: 'USD' }, daysPastDue: 50, stage: 3 },
  },
  purpose: 'servicing',
  maxCallAttempts: 7,
  calls: [],
};
const at = '2026-03-04T15:00:00Z';

describe('the events of a reported call', () => {
  it('maps outcomes to delivery statuses', () => {
    expect(callStatusOf('no-answer')).toEqual({ status: 'undelivered', retryable: true });
    expect(callStatusOf('conversation').status).toBe('delivered');
    expect(callStatusOf('wrong-number')).toEqual({
      status: 'failed',
      retryable: false,
      errorCode: 'WRONG_NUMBER',
    });
  });

  it('makes a promise an account.arrangement and a dispute an account.status, by the bank’s contracts', () => {
    const promise = callEvents(
      task,
      { callId: 'call-1', at, outcome: 'promise-to-pay', attempt: 1 },
      {
        outcome: 'promise-to-pay',
        at,
        promisedDate: '2026-03-20',
        amount: { amountMinor: 5_000, currency: 'USD' },
      },
    );
    const arrangement = promise.find((e) => e.type === 'account.arrangement');
    expect(AccountArrangementV1.safeParse(arrangement).success).toBe(true);
    expect(arrangement?.causationId).toBe('task-event-1');
    const dispute = callEvents(
      task,
      { callId: 'call-2', at, outcome: 'dispute', attempt: 2 },
      { outcome: 'dispute', at },
    );
    const status = dispute.find((e) => e.type === 'account.status');
    expect(AccountStatusV1.safeParse(status).success).toBe(true);
    expect(status?.payload).toMatchObject({ set: ['dispute'], cleared: [] });
    // The same call gives the same ids.
    expect(
      callEvents(
        task,
        { callId: 'call-2', at, outcome: 'dispute', attempt: 2 },
        { outcome: 'dispute', at },
      )[0]?.eventId,
    ).toBe(dispute[0]?.eventId);
  });

  it('includes the call’s delivery.outcome only when the contract takes agent-call', () => {
    const events = callEvents(
      task,
      { callId: 'call-3', at, outcome: 'no-answer', attempt: 1 },
      { outcome: 'no-answer', at },
    );
    expect(events.some((e) => e.type === 'delivery.outcome')).toBe(contractTakesCallOutcomes());
  });
});
