import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '@kindly/clock';
import { bearerKeyCheck, problem, sendProblem, type Problem } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import {
  handleInboundMail,
  type InboundMailDeps,
  type InboundMailResult,
} from '../domain/inbound-mail.use-case.js';
import type { BounceResult } from '../domain/record-bounce.use-case.js';
import type { ComplaintResult } from '../domain/record-complaint.use-case.js';
import type { InboundMailMetrics } from './inbound-mail-metrics.js';

export interface BounceRouteDeps {
  /** What the mail is sorted into: bounces, ARF complaints, mails to the unsubscribe address. */
  readonly mail: InboundMailDeps;
  readonly metrics: InboundMailMetrics;
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
export function answerOf(outcome: InboundMailResult): { status: number; problem?: Problem } {
  switch (outcome.mail) {
    case 'bounce':
      return bounceAnswerOf(outcome.result);
    case 'feedback':
      return feedbackAnswerOf(outcome.result);
    case 'unsubscribe':
      // Anyone can write to the address: a mail without a validly signed link, or about a
      // message not known, is taken and changes nothing (counted); only our failure asks again.
      return outcome.result.kind === 'no-address'
        ? {
            status: 503,
            problem: problem(
              503,
              'no-address',
              'Service Unavailable',
              'The unsubscribe could not be completed now. Please try again later.',
              { result: outcome.result.kind },
            ),
          }
        : { status: 202 };
  }
}

/** What a report about the RFC 5965 form lacks, in words of our own (never the report's). */
const MALFORMED: Record<Extract<ComplaintResult, { kind: 'malformed' }>['reason'], string> = {
  'no-boundary': 'the multipart/report has no boundary',
  'no-feedback-part': 'there is no message/feedback-report part',
  'no-feedback-type': 'the feedback-report part has no valid Feedback-Type',
  'no-returned-message': 'the original message (or its headers) is not returned',
};

/**
 * A feedback report is taken (202) unless it is malformed or names a text or a letter (422); an
 * unverified one too: the sender learns nothing about what would pass.
 */
function feedbackAnswerOf(result: ComplaintResult): { status: number; problem?: Problem } {
  switch (result.kind) {
    case 'complained':
    case 'not-a-complaint':
    case 'unidentified':
    case 'unverified':
      return { status: 202 };
    case 'malformed':
      return {
        status: 422,
        problem: problem(
          422,
          'malformed-feedback-report',
          'Malformed Feedback Report',
          `Not a feedback report as RFC 5965 defines it: ${MALFORMED[result.reason]}.`,
          { result: result.kind, reason: result.reason },
        ),
      };
    case 'not-an-email':
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
  }
}

function bounceAnswerOf(result: BounceResult): { status: number; problem?: Problem } {
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
 * `POST /email/bounces` (and its alias `POST /email/inbound`): a raw mail as the body, as a mail
 * server's pipe or a provider's webhook delivers it (`message/rfc822`, or any type: the body is
 * read as the message): a DSN (RFC 3464), an ARF report (RFC 5965), or a mail to the unsubscribe
 * address. `?recipient=` may name the envelope recipient: the VERP bounce address, or the
 * unsubscribe address (which is what makes a mail an unsubscribe). Call it in its own fastify
 * scope: it adds the bearer check (before the body is read) and its parser.
 */
export function registerBounceRoutes(app: FastifyInstance, deps: BounceRouteDeps): void {
  app.addHook(
    'onRequest',
    bearerKeyCheck({ key: deps.token, realm: 'tracker-bounces', logger: deps.logger }),
  );
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const answer = (reply: FastifyReply, outcome: InboundMailResult) => {
    const { status, problem: body } = answerOf(outcome);
    if (!body) return reply.code(status).send(outcome.result);
    if (status === 503) void reply.header('retry-after', '60');
    return sendProblem(reply, body);
  };

  for (const path of ['/email/bounces', '/email/inbound']) {
    app.post<{ Querystring: { recipient?: string | string[] } }>(
      path,
      { bodyLimit: MAX_DSN_BYTES },
      async (request, reply) => {
        const body = request.body;
        const raw = Buffer.isBuffer(body) ? body.toString('utf8') : '';
        const recipient = request.query.recipient;
        const envelope = recipient === undefined ? [] : [recipient].flat();
        const outcome = await handleInboundMail(deps.mail, raw, envelope, deps.clock.now());
        deps.metrics.count(outcome);
        const refused = ['not-an-email', 'malformed'].includes(outcome.result.kind);
        // A report naming a text or a letter, or a malformed one, is forged or confused: a
        // warning. Logged by kind and counts only: never an address or the mail's text.
        deps.logger[refused ? 'warn' : 'info'](
          { route: path.slice(1), mail: outcome.mail, ...outcome.result },
          'inbound mail',
        );
        return answer(reply, outcome);
      },
    );
  }
}
