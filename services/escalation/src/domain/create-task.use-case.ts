import { DateTime } from 'luxon';
import { AppError } from '@kindly/errors';
import { createEvent, deterministicId, type AgentTaskV1 } from '@kindly/contracts';
import { addressFor, channelStepOf, type AccountState } from '@kindly/rules';
import { draftTask, maskPhone, phoneToCall, taskIdOf, type AgentTask } from './agent-task.js';
import { contactHistory } from './contact-history.js';
import { zoneOf } from './escalation-decisions.js';
import type { EscalationDeps } from './escalation-deps.js';
import type { ReleasedMessage } from './escalation-message.js';
import { strategyOf } from './strategy-steps.js';
import { utcText } from './utc-text.js';
import { waitEnds } from './wait-deadline.js';

export type TaskResult = 'created' | 'exists' | 'no-window' | 'no-step';

/** The `agent.task` event of a stored task: rebuilt the same from the task, always. */
export function taskEvent(task: AgentTask): AgentTaskV1 {
  return createEvent('agent.task', {
    eventId: task.eventId,
    occurredAt: task.createdAt,
    correlationId: task.correlationId,
    causationId: task.causationId,
    tenantId: task.tenantId,
    payload: task.payload,
  });
}

/**
 * A released call message becomes an agent task: kept in `agent-tasks` and published as
 * `agent.task`, once. Its windows run from now to the end of the step's fallback wait (at most the
 * desk's horizon): after that the escalation moves the stage on without the call.
 *
 * @throws AppError ACCOUNT_FACTS_MISSING (retryable) while the account's overdue facts or contact
 *   have not reached this service yet: the bank's topics are not ordered with this one.
 */
export async function createAgentTask(
  deps: EscalationDeps,
  key: {
    readonly messageId: string;
    readonly tenantId: string;
    readonly accountId: string;
    readonly causationId: string;
  },
  release: ReleasedMessage,
  state: AccountState,
  now: DateTime,
): Promise<TaskResult> {
  const taskId = taskIdOf(key.messageId);
  const existing = await deps.tasks.get(taskId);
  if (existing !== undefined) {
    if (existing.payload.windows.length > 0) await deps.outbox.publishOnce([taskEvent(existing)]);
    return 'exists';
  }
  const overdue = state.overdue?.value;
  const contact = state.contact?.value;
  if (overdue === undefined || contact === undefined) {
    throw new AppError('ACCOUNT_FACTS_MISSING', 'the account is not known here yet', {
      retryable: true,
    });
  }
  const strategy = strategyOf(deps.rules.strategies, release.strategyId, release.strategyVersion);
  const stage = strategy?.stages.find((s) => s.stage === release.stage);
  const step = channelStepOf(deps.rules.strategies, release);
  if (stage === undefined || step === undefined) return 'no-step';
  const released = DateTime.fromISO(release.releasedAt, { zone: 'utc' });
  const fallbackEnds = waitEnds(released, step.fallbackAfter, zoneOf(state));
  const horizonEnds = now.plus(deps.taskHorizon);
  const until = fallbackEnds < horizonEnds ? fallbackEnds : horizonEnds;
  const [messages, tasks] = await Promise.all([
    deps.messages.ofAccount(key.tenantId, key.accountId),
    deps.tasks.ofAccount(key.tenantId, key.accountId),
  ]);
  const draft = draftTask({
    policy: deps.rules.policy,
    stage,
    message: { ...release, messageId: key.messageId },
    tenantId: key.tenantId,
    accountId: key.accountId,
    overdue,
    contact,
    history: contactHistory(messages, tasks),
    now,
    until,
  });
  const phone = phoneToCall(contact) ?? addressFor('agent-call', contact);
  const task: AgentTask = {
    taskId,
    messageId: key.messageId,
    tenantId: key.tenantId,
    accountId: key.accountId,
    cycleId: release.cycleId,
    correlationId: release.correlationId,
    eventId: deterministicId('agent.task.v1', taskId),
    causationId: key.causationId,
    createdAt: utcText(now),
    status: draft.kind === 'task' ? 'open' : 'closed',
    ...(draft.kind === 'task' ? {} : { closedReason: 'NO_WINDOW' }),
    payload:
      draft.kind === 'task'
        ? draft.payload
        : {
            accountId: key.accountId,
            taskId,
            cycleId: release.cycleId,
            windows: [],
            callAttemptsLeft: 0,
            facts: {
              overdueAmount: overdue.overdueAmount,
              daysPastDue: overdue.daysPastDue,
              stage: release.stage,
            },
          },
    purpose: release.purpose,
    maxCallAttempts: draft.kind === 'task' ? draft.maxCallAttempts : 0,
    ...(phone === undefined ? {} : { maskedPhone: maskPhone(phone) }),
    ...(overdue.accountLast4 === undefined
      ? {}
      : { maskedAccount: `•••• ${overdue.accountLast4}` }),
    calls: [],
  };
  await deps.tasks.create(task);
  if (draft.kind === 'no-window') return 'no-window';
  await deps.outbox.publishOnce([taskEvent(task)]);
  return 'created';
}
