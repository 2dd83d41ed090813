/**
 * The agent desk as another service hosts it (the operator API, behind agent keys): the open
 * tasks, one task, and the report of a call, over the escalation service's own stores and rules.
 * A call report's events go through the service's outbox, so a crash between storing and
 * publishing them is mended by the escalation service's recovery, whoever stored them.
 */
import { createAccountStateRepository } from '@kindly/account-state';
import type { Clock } from '@kindly/clock';
import { bindTopics, createEventPublisher, type Producer } from '@kindly/kafka';
import type { Db } from '@kindly/mongo';
import type { PlanningRules } from '@kindly/rules';
import { Duration, type DateTime } from 'luxon';
import { createTaskRepository } from './data-access/agent-tasks.repository.js';
import { createMessageRepository } from './data-access/escalation-messages.repository.js';
import { createEventOutbox, producedTopics } from './data-access/event-outbox.repository.js';
import type { AgentTask } from './domain/agent-task.js';
import type { CallReport } from './domain/call-events.js';
import { callableFirst, windowAt } from './domain/callable-now.js';
import { viewTask, type TaskView } from './domain/desk-views.use-case.js';
import type { EscalationDeps } from './domain/escalation-deps.js';
import { reportCall, type ReportResult } from './domain/report-call.use-case.js';
import { ESCALATION_ACCOUNTS } from './start-escalation.js';

/** Of the open tasks whose stored windows hold `now`, how many (oldest first) are looked at. */
const CALLABLE_SCAN = 2_000;
/** How many tasks are viewed at once (each view reads the account, its messages and tasks). */
const VIEW_BATCH = 20;

export interface AgentDesk {
  /**
   * The tasks of a status, at most `limit`. For open tasks the callable ones come first (oldest
   * first), found among the oldest CALLABLE_SCAN open tasks whose stored windows hold `now`,
   * then the rest of the oldest open tasks; with `callableOnly`, only the callable ones.
   */
  tasks(
    status: AgentTask['status'],
    limit: number,
    now: DateTime,
    options?: { readonly callableOnly?: boolean },
  ): Promise<TaskView[]>;
  task(taskId: string, now: DateTime): Promise<TaskView | undefined>;
  /** The report, and the task as it stands after it when it was recorded. */
  report(
    taskId: string,
    report: CallReport,
    now: DateTime,
  ): Promise<{ readonly result: ReportResult; readonly task?: TaskView }>;
}

export interface AgentDeskOptions {
  readonly db: Db;
  readonly producer: Producer;
  readonly topicPrefix: string;
  readonly rules: PlanningRules;
  /** ESCALATION_TASK_HORIZON_DAYS: how far ahead a task lists its calling windows. */
  readonly taskHorizonDays: number;
  readonly clock?: Clock;
}

export function createAgentDesk(options: AgentDeskOptions): AgentDesk {
  const publisher = createEventPublisher(
    options.producer,
    bindTopics(producedTopics, options.topicPrefix),
  );
  const deps: EscalationDeps = {
    rules: options.rules,
    messages: createMessageRepository(options.db),
    accounts: createAccountStateRepository(options.db, ESCALATION_ACCOUNTS),
    tasks: createTaskRepository(options.db),
    outbox: createEventOutbox(options.db, publisher, options.clock),
    taskHorizon: Duration.fromObject({ days: options.taskHorizonDays }),
  };
  return {
    async tasks(status, limit, now, options = {}) {
      if (status !== 'open') {
        const tasks = await deps.tasks.list(status, limit);
        return options.callableOnly ? [] : viewAll(deps, tasks, now);
      }
      const callable = await callableTasks(deps, limit, now);
      if (options.callableOnly || callable.length >= limit) return callable;
      // The rest of the page: the oldest open tasks not already shown, none of them callable
      // (a callable one lists a window holding `now`, and those were all looked at above unless
      // more than CALLABLE_SCAN do).
      const shown = new Set(callable.map((view) => view.taskId));
      const oldest = await deps.tasks.list('open', limit + callable.length);
      const rest = await viewAll(
        deps,
        oldest.filter((task) => !shown.has(task.taskId)),
        now,
      );
      return [...callable, ...callableFirst(rest)].slice(0, limit);
    },
    async task(taskId, now) {
      const task = await deps.tasks.get(taskId);
      return task === undefined ? undefined : viewTask(deps, task, now);
    },
    async report(taskId, report, now) {
      const result = await reportCall(deps, taskId, report, now);
      if (result.kind !== 'recorded') return { result };
      return { result, task: await viewTask(deps, result.task, now) };
    },
  };
}

/** Views the tasks in order, VIEW_BATCH at a time, so a long list does not flood the store. */
async function viewAll(
  deps: EscalationDeps,
  tasks: readonly AgentTask[],
  now: DateTime,
): Promise<TaskView[]> {
  const views: TaskView[] = [];
  for (let i = 0; i < tasks.length; i += VIEW_BATCH) {
    const batch = tasks.slice(i, i + VIEW_BATCH);
    views.push(...(await Promise.all(batch.map((task) => viewTask(deps, task, now)))));
  }
  return views;
}

/**
 * The callable open tasks, oldest first, at most `limit`: of the oldest CALLABLE_SCAN whose
 * stored windows hold `now` and with a call not yet made, each viewed (VIEW_BATCH at a time,
 * stopping once `limit` are found) to apply the report's own rule at `now`.
 */
async function callableTasks(
  deps: EscalationDeps,
  limit: number,
  now: DateTime,
): Promise<TaskView[]> {
  const candidates = (await deps.tasks.openInWindowAt(now, CALLABLE_SCAN)).filter(
    (task) =>
      task.calls.length < task.maxCallAttempts && windowAt(task.payload.windows, now) !== undefined,
  );
  const found: TaskView[] = [];
  for (let i = 0; i < candidates.length && found.length < limit; i += VIEW_BATCH) {
    const batch = candidates.slice(i, i + VIEW_BATCH);
    const views = await Promise.all(batch.map((task) => viewTask(deps, task, now)));
    found.push(...views.filter((view) => view.callable));
  }
  return found.slice(0, limit);
}
