/**
 * Who is calling: the key the request carried, found by its id and checked against the stored
 * hash of its secret. Runs before the body is read, so an unauthenticated caller cannot make the
 * API buffer anything, and the route's permission is checked here too: a refusal never reaches a
 * handler.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorRole } from '@kindly/contracts';
import { bearerTokenOf, problem, sendProblem } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import { parseKey, secretMatches } from '../access/api-key.js';
import { roleMay, type Permission } from '../access/permissions.js';
import type { ApiKeys } from '../data-access/api-keys.repository.js';

export interface Principal {
  readonly keyId: string;
  readonly label: string;
  readonly role: OperatorRole;
}

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    /** The permission a route needs; a route without one is refused to everyone. */
    permission?: Permission;
    /** Open to anyone (the OpenAPI document, the health check): says why in the README. */
    open?: boolean;
  }
}

const UNAUTHENTICATED = problem(
  401,
  'unauthenticated',
  'Unauthenticated',
  'This API wants `Authorization: Bearer <API key>` with a live key.',
);
const FORBIDDEN = problem(403, 'forbidden', 'Forbidden', 'Your role may not do this.');

/** The request's principal; only for routes behind {@link authenticate} (never open ones). */
export function principalOf(request: FastifyRequest): Principal {
  const principal = request.principal;
  if (principal === undefined) throw new Error('a route with a permission ran without a principal');
  return principal;
}

export function authenticate(keys: ApiKeys, logger: Logger) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config;
    // No route (404, or 405 for a path served under other methods): nothing to guard, and the
    // routes are no secret (the OpenAPI document is open); a key's role is no answer to a typo.
    if (config.open === true || request.is404) return undefined;
    const route = request.routeOptions.url ?? '(none)';
    const token = bearerTokenOf(request.headers.authorization);
    const parsed = token === undefined ? undefined : parseKey(token);
    const record = parsed === undefined ? undefined : await keys.get(parsed.keyId);
    const live =
      parsed !== undefined &&
      record !== undefined &&
      record.revokedAt === undefined &&
      secretMatches(parsed.secret, record.secretHash);
    if (!live || record === undefined) {
      // The route and whether a token came; never the token, nor its key id (a guess of one).
      logger.warn({ method: request.method, route, token: token !== undefined }, 'unauthenticated');
      void reply.header('www-authenticate', 'Bearer realm="kindly-operator"');
      return sendProblem(reply, UNAUTHENTICATED);
    }
    const permission = config.permission;
    if (permission === undefined || !roleMay(record.role, permission)) {
      logger.warn({ route, keyId: record.keyId, role: record.role }, 'forbidden');
      return sendProblem(reply, FORBIDDEN);
    }
    request.principal = { keyId: record.keyId, label: record.label, role: record.role };
    return undefined;
  };
}
