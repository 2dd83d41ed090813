import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '@kindly/clock';
import { problem, sendProblem } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import {
  checkUnsubscribeLink,
  unsubscribe,
  type UnsubscribeDeps,
  type UnsubscribeLink,
  type UnsubscribeResult,
} from '../domain/unsubscribe.use-case.js';
import { confirmPage, donePage, problemPage } from './unsubscribe-pages.js';

export interface UnsubscribeRouteDeps {
  readonly unsubscribe: UnsubscribeDeps;
  /** Path bases to serve, e.g. `/u` (the renderer's link base) and `/unsubscribe`. */
  readonly paths: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
}

const HTML = 'text/html; charset=utf-8';

/** The problem a machine gets (a mailbox provider's RFC 8058 POST) for each refusal. */
const PROBLEMS = {
  forbidden: problem(403, 'bad-link', 'Forbidden', 'The link is not validly signed.'),
  'unknown-message': problem(
    404,
    'unknown-message',
    'Not Found',
    'The message of the link is not known here (yet). Please try again later.',
  ),
  'no-address': problem(
    503,
    'no-address',
    'Service Unavailable',
    'The unsubscribe could not be completed now. Please try again later.',
  ),
} as const;

/** A person's browser asks for HTML: it gets a page; anyone else a problem body (RFC 9457). */
const wantsPage = (request: FastifyRequest) =>
  (request.headers.accept ?? '').toLowerCase().includes('text/html');

/**
 * One-click unsubscribe (RFC 8058): `POST <base>/<purpose>/<messageId>/<signature>` unsubscribes
 * (a mailbox provider posts `List-Unsubscribe=One-Click`; any small POST body is accepted and
 * ignored, the signed link is the proof, and no cookie or login is asked for); `GET` only shows
 * a page whose button posts. A link that is not validly signed gets 403. Call it in its own
 * fastify scope: it adds a parser that takes (and ignores) any body.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, deps: UnsubscribeRouteDeps): void {
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) =>
    done(null, undefined),
  );
  const answer = (
    request: FastifyRequest,
    reply: FastifyReply,
    result: UnsubscribeResult,
    done: () => string,
  ) => {
    if (result.kind === 'valid' || result.kind === 'unsubscribed')
      return reply.code(200).header('cache-control', 'no-store').type(HTML).send(done());
    if (result.kind === 'no-address') void reply.header('retry-after', '300');
    if (!wantsPage(request)) return sendProblem(reply, PROBLEMS[result.kind]);
    switch (result.kind) {
      case 'forbidden':
        return reply
          .code(403)
          .type(HTML)
          .send(problemPage('Link not valid', 'This link is not valid.'));
      case 'unknown-message':
        return reply
          .code(404)
          .type(HTML)
          .send(
            problemPage(
              'Link not found',
              'We do not know this link (yet). Please try again later.',
            ),
          );
      case 'no-address':
        return reply
          .code(503)
          .type(HTML)
          .send(
            problemPage(
              'Please try again',
              'We could not complete this now. Please try again later.',
            ),
          );
    }
  };

  for (const base of deps.paths) {
    const path = `${base}/:purpose/:messageId/:signature`;
    app.get<{ Params: UnsubscribeLink }>(path, async (request, reply) => {
      const result = await checkUnsubscribeLink(deps.unsubscribe, request.params);
      return answer(request, reply, result, () =>
        result.kind === 'valid' ? confirmPage(result.purpose) : '',
      );
    });
    app.post<{ Params: UnsubscribeLink }>(path, async (request, reply) => {
      const result = await unsubscribe(deps.unsubscribe, request.params, deps.clock.now());
      deps.logger.info(
        {
          route: 'unsubscribe',
          messageId: request.params.messageId,
          result: result.kind,
          ...(result.kind === 'unsubscribed' ? { accounts: result.accounts } : {}),
        },
        'unsubscribe',
      );
      const purpose = request.params.purpose === 'servicing' ? 'servicing' : 'marketing';
      return answer(request, reply, result, () => donePage(purpose));
    });
  }
}
