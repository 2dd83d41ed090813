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

/** Of the open tasks, how many (the oldest first) are looked at for the callable ones. */
const CALLABLE_SCAN = 2_000;

export interface AgentDesk {
  /**
   * The tasks of a status, the callable ones first (each group oldest first); with
   * `callableOnly`, only those that may be called at `now`.
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
      if (!options.callableOnly) {
        const tasks = await deps.tasks.list(status, limit);
        return callableFirst(await Promise.all(tasks.map((task) => viewTask(deps, task, now))));
      }
      if (status !== 'open') return [];
      // Only a task inside a window with a call not yet made can be callable: the rest are left
      // out before the calls left are counted (which reads the account's history).
      const candidates = (await deps.tasks.list('open', CALLABLE_SCAN)).filter(
        (task) =>
          task.calls.length < task.maxCallAttempts &&
          windowAt(task.payload.windows, now) !== undefined,
      );
      const views = await Promise.all(candidates.map((task) => viewTask(deps, task, now)));
      return views.filter((view) => view.callable).slice(0, limit);
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
