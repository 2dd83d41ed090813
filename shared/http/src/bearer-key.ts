import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '@kindly/logger';
import { problem, sendProblem } from './problem.js';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether `given` is `expected`, in time that depends on neither: both sides are hashed to 32
 * bytes first, so neither a differing byte nor a differing length shows in the timing.
 */
export function sameSecret(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), if any. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer +([\x21-\x7e]+) *$/i.exec(header ?? '');
  return match?.[1];
}

export interface BearerKeyOptions {
  /** The secret callers must send; at least 16 characters (settings ask for more). */
  readonly key: string;
  /** Named in `WWW-Authenticate` and the logs, e.g. `agent-desk`. */
  readonly realm: string;
  readonly logger: Logger;
}

/**
 * An `onRequest` hook that wants `Authorization: Bearer <key>`, compared in constant time. It
 * runs before the body is read, so an unauthenticated caller cannot make us buffer anything.
 * Anything else is a 401 problem with `WWW-Authenticate` (RFC 6750), logged as a warning that
 * names the realm and whether a token came, never the token.
 */
export function bearerKeyCheck(
  options: BearerKeyOptions,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  if (options.key.length < 16) throw new Error(`the ${options.realm} key is too short`);
  const expected = digest(options.key);
  return async (request, reply) => {
    const token = bearerTokenOf(request.headers.authorization);
    // Hash and compare even without a token: the answer takes as long either way.
    const valid = timingSafeEqual(digest(token ?? ''), expected) && token !== undefined;
    if (valid) return undefined;
    options.logger.warn(
      {
        realm: options.realm,
        method: request.method,
        route: request.routeOptions.url ?? '(none)',
        token: token !== undefined,
      },
      'request without the right key',
    );
    void reply.header(
      'www-authenticate',
      `Bearer realm="${options.realm}"${token === undefined ? '' : ', error="invalid_token"'}`,
    );
    return sendProblem(
      reply,
      problem(
        401,
        'unauthorized',
        'Unauthorized',
        'This route wants Authorization: Bearer <key>, with the right key.',
      ),
    );
  };
}
