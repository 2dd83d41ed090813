/**
 * The agent desk's replies: what customers wrote back in their own words that is not an opt-out
 * (a wrong party, a payment claim, a request for a call, anything else), for an agent to read and
 * answer; and closing one once dealt with, recorded in the audit. The texts are the tracker's
 * store's (`@kindly/tracker`), shown to agents only and never logged here.
 */
import { z } from 'zod';
import type { ReplyDesk, ReplyTask } from '@kindly/tracker';
import { problem, sendProblem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { COMMON_PROBLEMS, NOT_FOUND, problemResponse } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const ReplyView = z
  .strictObject({
    taskId: z.string(),
    tenantId: z.string(),
    accountIds: z.array(z.string()).readonly(),
    category: z.enum(['wrong-party', 'no-calls', 'claims-payment', 'asks-for-call', 'other']),
    text: z.string().describe('The reply as the customer wrote it'),
    locale: z.string(),
    inboundId: z.string().describe("The provider's id of the inbound message"),
    maskedFrom: z.string().describe("The number's last four digits"),
    receivedAt: z.string(),
    status: z.enum(['open', 'closed']),
    closedAt: z.string().optional(),
  })
  .describe("A customer's reply an agent reads and answers: its text, what it was taken for");
const ReplyParams = z.strictObject({ taskId: z.string().regex(/^[!-~]{1,100}$/) });
const REPLY_NOT_FOUND = problem(404, 'reply-not-found', 'Not Found', 'There is no such reply.');
const CLOSED_ALREADY = problem(409, 'reply-closed', 'Conflict', 'The reply is closed already.');

const viewOf = (task: ReplyTask) => ({ ...task, accountIds: [...task.accountIds] });

export function replyDeskRoutes(
  app: OperatorApp,
  deps: RouteDeps & { readonly replies: ReplyDesk },
): void {
  const tags = ['desk'];
  app.get(
    '/v1/desk/replies',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary: "Customers' replies in their own words, oldest first",
        tags,
        querystring: z.strictObject({
          status: z.enum(['open', 'closed']).default('open'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: {
          200: z.strictObject({ replies: z.array(ReplyView).readonly() }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const replies = await deps.replies.replies(request.query.status, request.query.limit);
      return { replies: replies.map(viewOf) };
    },
  );

  app.get(
    '/v1/desk/replies/:taskId',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary: 'One reply',
        tags,
        params: ReplyParams,
        response: { 200: ReplyView, 404: NOT_FOUND, ...COMMON_PROBLEMS },
      },
    },
    async (request, reply) => {
      const task = await deps.replies.reply(request.params.taskId);
      return task === undefined ? sendProblem(reply, REPLY_NOT_FOUND) : viewOf(task);
    },
  );

  app.post(
    '/v1/desk/replies/:taskId/close',
    {
      config: { permission: 'desk:work' },
      schema: {
        summary: 'Marks a reply dealt with',
        tags,
        params: ReplyParams,
        response: {
          200: ReplyView,
          404: NOT_FOUND,
          409: problemResponse('The reply is closed already'),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const now = deps.clock.now();
      const { taskId } = request.params;
      const { closed, task } = await deps.replies.close(
        taskId,
        now.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
      );
      if (task === undefined) return sendProblem(reply, REPLY_NOT_FOUND);
      if (!closed) return sendProblem(reply, CLOSED_ALREADY);
      const [accountId] = task.accountIds;
      await deps.actions.record(
        principalOf(request),
        {
          action: 'reply.close',
          subject: { kind: 'task', id: taskId },
          ...(accountId === undefined ? {} : { account: { tenantId: task.tenantId, accountId } }),
        },
        deps.newActionId(),
        now.toJSDate(),
      );
      // The task and its category, never its text.
      deps.logger.info({ taskId, category: task.category }, 'reply closed');
      return viewOf(task);
    },
  );
}
