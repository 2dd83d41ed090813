import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '@kindly/clock';
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

/**
 * One-click unsubscribe (RFC 8058): `POST <base>/<purpose>/<messageId>/<signature>` unsubscribes
 * (a mailbox provider posts `List-Unsubscribe=One-Click`; any POST body is accepted, the signed
 * link is the proof, and no cookie or login is asked for); `GET` only shows a page whose button
 * posts. A link that is not validly signed gets 403.
 */
export function registerUnsubscribeRoutes(app: FastifyInstance, deps: UnsubscribeRouteDeps): void {
  const answer = (reply: FastifyReply, result: UnsubscribeResult, done: () => string) => {
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
          .header('retry-after', '300')
          .type(HTML)
          .send(
            problemPage(
              'Please try again',
              'We could not complete this now. Please try again later.',
            ),
          );
      case 'valid':
      case 'unsubscribed':
        return reply.code(200).header('cache-control', 'no-store').type(HTML).send(done());
    }
  };

  for (const base of deps.paths) {
    const path = `${base}/:purpose/:messageId/:signature`;
    app.get<{ Params: UnsubscribeLink }>(path, async (request, reply) => {
      const result = await checkUnsubscribeLink(deps.unsubscribe, request.params);
      return answer(reply, result, () =>
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
      return answer(reply, result, () => donePage(purpose));
    });
  }
}
