import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Clock } from '@kindly/clock';
import { IsoDate, PositiveMoney, UtcDateTime } from '@kindly/contracts';
import { isRetryable, safeErrorText } from '@kindly/errors';
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
  readonly clock: Clock;
  readonly logger: Logger;
}

function badRequest(issues: readonly z.core.$ZodIssue[]) {
  return {
    error: 'BAD_REQUEST',
    fields: issues.map((issue) => ({
      field: issue.path.map(String).join('.') || '(body)',
      message: issue.message,
    })),
  };
}

/**
 * The agent desk: the open tasks, one task, and the report of a call. Fastify's request logging
 * is off (bodies carry amounts); each route logs what it decided, by task id only. It has no
 * login of its own: put it behind the bank's gateway, which knows the agents.
 */
export function buildAgentDesk(deps: DeskDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  app.setErrorHandler((error, _request, reply) => {
    deps.logger.error({ error: safeErrorText(error) }, 'desk request failed');
    const retry = isRetryable(error);
    return reply.code(retry ? 503 : 500).send({ error: retry ? 'UNAVAILABLE' : 'FAILED' });
  });

  app.get('/tasks', async (request, reply) => {
    const query = ListQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error.issues));
    const now = deps.clock.now();
    const tasks = await deps.escalation.tasks.list(query.data.status, query.data.limit);
    const views = await Promise.all(tasks.map((task) => viewTask(deps.escalation, task, now)));
    return reply.send({ tasks: views });
  });

  app.get<{ Params: { id: string } }>('/tasks/:id', async (request, reply) => {
    const task = await deps.escalation.tasks.get(request.params.id);
    if (task === undefined) return reply.code(404).send({ error: 'NOT_FOUND' });
    return reply.send(await viewTask(deps.escalation, task, deps.clock.now()));
  });

  app.post<{ Params: { id: string } }>('/tasks/:id/outcome', async (request, reply) => {
    const body = CallReportBody.safeParse(request.body);
    if (!body.success) return reply.code(400).send(badRequest(body.error.issues));
    const report: CallReport = body.data;
    const result = await reportCall(deps.escalation, request.params.id, report, deps.clock.now());
    switch (result.kind) {
      case 'not-found':
        return reply.code(404).send({ error: 'NOT_FOUND' });
      case 'invalid':
        return reply.code(400).send({
          error: 'BAD_REQUEST',
          fields: [{ field: result.field, message: result.message }],
        });
      case 'refused':
        deps.logger.info({ taskId: request.params.id, reason: result.reason }, 'call refused');
        return reply.code(409).send({ error: result.reason, detail: result.detail });
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
