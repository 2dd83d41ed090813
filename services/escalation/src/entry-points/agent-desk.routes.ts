import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '@kindly/clock';
import { IsoDate, PositiveMoney, UtcDateTime } from '@kindly/contracts';
import {
  addJsonBodyParser,
  bearerKeyCheck,
  createHttpApp,
  problem,
  sendProblem,
} from '@kindly/http';
import type { Logger } from '@kindly/logger';
import type { CallReport } from '../domain/call-events.js';
import { viewTask } from '../domain/desk-views.use-case.js';
import type { EscalationDeps } from '../domain/escalation-deps.js';
import { reportCall } from '../domain/report-call.use-case.js';

/** A call report, as an agent's screen posts it. */
export const CallReportBody = z.discriminatedUnion('outcome', [
  z.strictObject({
    outcome: z.enum(['no-answer', 'conversation', 'dispute', 'wrong-number']),
    at: UtcDateTime,
  }),
  z.strictObject({
    outcome: z.literal('promise-to-pay'),
    at: UtcDateTime,
    promisedDate: IsoDate,
    amount: PositiveMoney,
  }),
]);

const ListQuery = z.strictObject({
  status: z.enum(['open', 'closed']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface DeskDeps {
  readonly escalation: EscalationDeps;
  /** What every request must carry as `Authorization: Bearer <key>`. */
  readonly apiKey: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A call report is a few hundred bytes; nothing the desk takes is larger than this. */
const MAX_BODY_BYTES = 16 * 1024;

/**
 * The fields that failed and why, in zod's words, except for unknown keys: zod quotes their
 * names, and the names are the caller's text.
 */
function fieldsOf(issues: readonly z.core.$ZodIssue[]) {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
  }));
}

const invalid = (fields: readonly { field: string; message: string }[]) =>
  problem(400, 'invalid-request', 'Invalid Request', 'Some fields are missing or not valid.', {
    error: 'BAD_REQUEST',
    fields,
  });

const TASK_NOT_FOUND = problem(404, 'task-not-found', 'Not Found', 'There is no such task.', {
  error: 'NOT_FOUND',
});

/**
 * The agent desk: the open tasks, one task, and the report of a call. Every request wants
 * `Authorization: Bearer <ESCALATION_DESK_API_KEY>` (checked before the body is read); bodies are
 * JSON of at most 16 KiB. Every refusal is an RFC 9457 problem body (@kindly/http), with the old
 * `error` (and `fields`) members kept for the agents' screens. Fastify's request logging is off
 * (bodies carry amounts); each route logs what it decided, by task id only.
 */
export function buildAgentDesk(deps: DeskDeps): FastifyInstance {
  const app = createHttpApp({ logger: deps.logger, bodyLimit: MAX_BODY_BYTES });
  addJsonBodyParser(app);
  app.addHook(
    'onRequest',
    bearerKeyCheck({ key: deps.apiKey, realm: 'agent-desk', logger: deps.logger }),
  );

  app.get('/tasks', async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return sendProblem(reply, invalid(fieldsOf(query.error.issues)));
    const now = deps.clock.now();
    const tasks = await deps.escalation.tasks.list(query.data.status, query.data.limit);
    const views = await Promise.all(tasks.map((task) => viewTask(deps.escalation, task, now)));
    return reply.send({ tasks: views });
  });

  app.get<{ Params: { id: string } }>('/tasks/:id', async (request, reply) => {
    const task = await deps.escalation.tasks.get(request.params.id);
    if (task === undefined) return sendProblem(reply, TASK_NOT_FOUND);
    return reply.send(await viewTask(deps.escalation, task, deps.clock.now()));
  });

  app.post<{ Params: { id: string } }>('/tasks/:id/outcome', async (request, reply) => {
    const body = CallReportBody.safeParse(request.body);
    if (!body.success) return sendProblem(reply, invalid(fieldsOf(body.error.issues)));
    const report: CallReport = body.data;
    const result = await reportCall(deps.escalation, request.params.id, report, deps.clock.now());
    switch (result.kind) {
      case 'not-found':
        return sendProblem(reply, TASK_NOT_FOUND);
      case 'invalid':
        return sendProblem(reply, invalid([{ field: result.field, message: result.message }]));
      case 'refused':
        deps.logger.info({ taskId: request.params.id, reason: result.reason }, 'call refused');
        return sendProblem(
          reply,
          problem(409, 'call-refused', 'Call Refused', result.detail, { error: result.reason }),
        );
      case 'recorded':
        deps.logger.info(
          { taskId: request.params.id, callId: result.call.callId, outcome: result.call.outcome },
          'call recorded',
        );
        return reply.code(201).send({
          call: result.call,
          task: await viewTask(deps.escalation, result.task, deps.clock.now()),
        });
    }
  });
  return app;
}

export interface RunningDesk {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

export async function startAgentDesk(
  deps: DeskDeps,
  listen: { readonly host: string; readonly port: number },
): Promise<RunningDesk> {
  const app = buildAgentDesk(deps);
  await app.listen({ host: listen.host, port: listen.port });
  const address = app.server.address() as AddressInfo;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  return { port: address.port, url: `http://${host}:${address.port}`, close: () => app.close() };
}
