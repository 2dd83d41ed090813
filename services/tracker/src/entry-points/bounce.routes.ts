import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '@kindly/clock';
import { bearerKeyCheck, problem, sendProblem, type Problem } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import {
  recordBounce,
  type BounceDeps,
  type BounceResult,
} from '../domain/record-bounce.use-case.js';

export interface BounceRouteDeps {
  readonly bounces: BounceDeps;
  /** The route wants `Authorization: Bearer <token>` (TRACKER_BOUNCE_TOKEN, required). */
  readonly token: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A DSN that returns the whole original can be large; nothing legitimate is larger than this. */
export const MAX_DSN_BYTES = 10 * 1024 * 1024;

/**
 * How each result answers: a mail server's pipe retries on a 5xx (EX_TEMPFAIL), not on a 4xx.
 * Anything but an accepted report is a problem body (RFC 9457) naming the result's kind.
 */
export function answerOf(result: BounceResult): { status: number; problem?: Problem } {
  switch (result.kind) {
    case 'recorded':
    case 'not-a-bounce':
      return { status: 202 };
    case 'not-a-dsn':
      return {
        status: 422,
        problem: problem(
          422,
          'not-a-dsn',
          'Not a DSN',
          'The body is not a delivery status notification.',
          {
            result: result.kind,
          },
        ),
      };
    case 'unmatched':
      return {
        status: 422,
        problem: problem(
          422,
          'unmatched',
          'Not Our Message',
          'The report names none of our messages.',
          {
            result: result.kind,
          },
        ),
      };
    case 'not-an-email':
      // Refused for good: no retry makes an SMS or a letter bounce as an e-mail.
      return {
        status: 422,
        problem: problem(
          422,
          'not-an-email',
          'Not an E-mail',
          'The message the report names was not sent by e-mail; nothing was changed.',
          { result: result.kind },
        ),
      };
    case 'unknown-message':
      // The dispatcher's `accepted` outcome may still be on its way: try again later.
      return {
        status: 503,
        problem: problem(
          503,
          'unknown-message',
          'Message Not Known Yet',
          'The message the report names is not known here yet. Please try again later.',
          { result: result.kind },
        ),
      };
  }
}

/**
 * `POST /email/bounces`: a raw DSN (RFC 3464) as the body, as a mail server's pipe or a
 * provider's webhook delivers it (`message/rfc822`, or any type: the body is read as the
 * message). `?recipient=` may name the envelope recipient, the VERP bounce address. Call it in
 * its own fastify scope: it adds the bearer check (before the body is read) and its parser.
 */
export function registerBounceRoutes(app: FastifyInstance, deps: BounceRouteDeps): void {
  app.addHook(
    'onRequest',
    bearerKeyCheck({ key: deps.token, realm: 'tracker-bounces', logger: deps.logger }),
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const answer = (reply: FastifyReply, result: BounceResult) => {
    const { status, problem: body } = answerOf(result);
    if (!body) return reply.code(status).send(result);
    if (status === 503) void reply.header('retry-after', '60');
    return sendProblem(reply, body);
  };

  app.post<{ Querystring: { recipient?: string | string[] } }>(
    '/email/bounces',
    { bodyLimit: MAX_DSN_BYTES },
    async (request, reply) => {
      const body = request.body;
      const raw = Buffer.isBuffer(body) ? body.toString('utf8') : '';
      const recipient = request.query.recipient;
      const envelope = recipient === undefined ? [] : [recipient].flat();
      const result = await recordBounce(deps.bounces, raw, envelope, deps.clock.now());
      const refused = result.kind === 'not-an-email';
      // A report naming a text or a letter is forged or confused: a warning, the kind only.
      deps.logger[refused ? 'warn' : 'info'](
        { route: 'email/bounces', ...result },
        'bounce report',
      );
      return answer(reply, result);
    },
  );
}
