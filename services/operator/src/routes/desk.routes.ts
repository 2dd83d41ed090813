/**
 * The agent desk, for agents: the tasks that may be called now (inside the customer's windows,
 * with calls left), one task, and the outcome of a call. The escalation service's own desk
 * logic; each reported call is recorded in the audit.
 */
import { z } from 'zod';
import { CallReportBody, type AgentDesk } from '@kindly/escalation';
import { problem, sendProblem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, NOT_FOUND, problemResponse } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const TaskView = z
  .looseObject({
    taskId: z.string(),
    accountId: z.string(),
    status: z.enum(['open', 'closed']),
    windows: z
      .array(z.looseObject({ start: z.string(), end: z.string(), zone: z.string() }))
      .readonly(),
    callAttemptsLeft: z.number().int(),
    callable: z.boolean().describe('May be called now: open, a call left, inside a window'),
    callableUntil: z.string().optional().describe('When callable: the window’s end (UTC)'),
    callsMade: z.number().int(),
    calls: z
      .array(
        z.strictObject({
          callId: z.string(),
          at: z.string(),
          outcome: z.string(),
          attempt: z.number().int(),
        }),
      )
      .readonly()
      .describe('The calls reported on the task, oldest first, with their outcomes'),
    createdAt: z.string(),
  })
  .describe('A task as an agent sees it: masked numbers only, the windows ahead, calls left');
const TaskParams = z.strictObject({ taskId: z.string().regex(/^[!-~]{1,100}$/) });
const TASK_NOT_FOUND = problem(404, 'task-not-found', 'Not Found', 'There is no such task.');

export function deskRoutes(app: OperatorApp, deps: RouteDeps & { readonly desk: AgentDesk }): void {
  const tags = ['desk'];
  app.get(
    '/v1/desk/tasks',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary:
          'The tasks, the callable ones first: the windows ahead, the calls left, callable now',
        tags,
        querystring: z.strictObject({
          status: z.enum(['open', 'closed']).default('open'),
          callable: z
            .literal('now')
            .optional()
            .describe('Only the tasks that may be called now (inside a window, calls left)'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.strictObject({ tasks: z.array(TaskView).readonly() }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { status, limit, callable } = request.query;
      const tasks = await deps.desk.tasks(status, limit, deps.clock.now(), {
        callableOnly: callable === 'now',
      });
      return { tasks: tasks.map((task) => ({ ...task })) };
    },
  );

  app.get(
    '/v1/desk/tasks/:taskId',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary: 'One task',
        tags,
        params: TaskParams,
        response: { 200: TaskView, 404: NOT_FOUND, ...COMMON_PROBLEMS },
      },
    },
    async (request, reply) => {
      const task = await deps.desk.task(request.params.taskId, deps.clock.now());
      return task === undefined ? sendProblem(reply, TASK_NOT_FOUND) : { ...task };
    },
  );

  app.post(
    '/v1/desk/tasks/:taskId/outcome',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary: 'Reports a call: refused when it broke the policy or the task',
        tags,
        params: TaskParams,
        body: CallReportBody,
        response: {
          201: z.strictObject({ call: z.looseObject({ callId: z.string() }), task: TaskView }),
          404: NOT_FOUND,
          409: problemResponse('The call broke the policy or the task: `error` says which'),
          422: problemResponse('A field of the report does not fit the task: `fields` says which'),
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const now = deps.clock.now();
      const { taskId } = request.params;
      const { result, task } = await deps.desk.report(taskId, request.body, now);
      switch (result.kind) {
        case 'not-found':
          return sendProblem(reply, TASK_NOT_FOUND);
        case 'invalid':
          return sendProblem(
            reply,
            problem(422, 'invalid-report', 'Invalid Report', 'A field does not fit the task.', {
              fields: [{ field: result.field, message: result.message }],
            }),
          );
        case 'refused':
          deps.logger.info({ taskId, reason: result.reason }, 'call refused');
          return sendProblem(
            reply,
            problem(409, 'call-refused', 'Call Refused', result.detail, { error: result.reason }),
          );
        case 'recorded':
          await deps.actions.record(
            principal,
            {
              action: 'call.report',
              subject: { kind: 'task', id: taskId },
              account: { tenantId: result.task.tenantId, accountId: result.task.accountId },
              // The why of a call is its task and what came of it: which call, which outcome,
              // when the agent says it was made (no note: free text stays out of the audit).
              details: {
                callId: result.call.callId,
                outcome: result.call.outcome,
                calledAt: result.call.at,
              },
            },
            deps.newActionId(),
            now.toJSDate(),
          );
          deps.logger.info(
            { taskId, callId: result.call.callId, outcome: result.call.outcome },
            'call recorded',
          );
          if (task === undefined) throw new Error('a recorded call without its task');
          return reply.code(201).send({ call: { ...result.call }, task: { ...task } });
      }
    },
  );
}
