import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '@kindly/clock';
import type { Logger } from '@kindly/logger';
import {
  recordBounce,
  type BounceDeps,
  type BounceResult,
} from '../domain/record-bounce.use-case.js';

export interface BounceRouteDeps {
  readonly bounces: BounceDeps;
  /** When set, the route wants `Authorization: Bearer <token>`. */
  readonly token?: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A DSN that returns the whole original can be large; nothing legitimate is larger than this. */
const MAX_DSN_BYTES = 10 * 1024 * 1024;

/** How each result answers: a mail server's pipe retries on a 5xx (EX_TEMPFAIL), not on a 4xx. */
export function httpStatusOf(result: BounceResult): number {
  switch (result.kind) {
    case 'recorded':
    case 'not-a-bounce':
      return 202;
    case 'not-a-dsn':
    case 'unmatched':
      return 422;
    case 'unknown-message':
      // The dispatcher's `accepted` outcome may still be on its way: try again later.
      return 503;
  }
}

/**
 * `POST /email/bounces`: a raw DSN (RFC 3464) as the body, as a mail server's pipe or a
 * provider's webhook delivers it (`message/rfc822`, or any type: the body is read as the
 * message). `?recipient=` may name the envelope recipient, the VERP bounce address.
 */
export function registerBounceRoutes(app: FastifyInstance, deps: BounceRouteDeps): void {
  const expected = deps.token ? Buffer.from(`Bearer ${deps.token}`) : undefined;
  const authorised = (header: string | undefined) => {
    if (!expected) return true;
    const given = Buffer.from(header ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  app.post<{ Querystring: { recipient?: string | string[] } }>(
    '/email/bounces',
    { bodyLimit: MAX_DSN_BYTES },
    async (request, reply) => {
      if (!authorised(request.headers.authorization)) {
        deps.logger.warn({ route: 'email/bounces' }, 'bounce without the right token');
        return reply.code(401).type('text/plain; charset=utf-8').send('unauthorised\n');
      }
      const body = request.body;
      const raw = Buffer.isBuffer(body)
        ? body.toString('utf8')
        : typeof body === 'string'
          ? body
          : '';
      const recipient = request.query.recipient;
      const envelope = recipient === undefined ? [] : [recipient].flat();
      const result = await recordBounce(deps.bounces, raw, envelope, deps.clock.now());
      deps.logger.info({ route: 'email/bounces', ...result }, 'bounce report');
      const status = httpStatusOf(result);
      if (status === 503) void reply.header('retry-after', '60');
      return reply.code(status).send(result);
    },
  );
}
