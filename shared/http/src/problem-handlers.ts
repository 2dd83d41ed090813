import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import { problem, ProblemError, sendProblem, type Problem } from './problem.js';

/** What fastify's own client errors mean, by code. Their messages are not used: some quote input. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, Problem>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: problem(
    413,
    'body-too-large',
    'Content Too Large',
    'The request body is larger than this route takes.',
  ),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: problem(
    415,
    'unsupported-media-type',
    'Unsupported Media Type',
    'This route does not take a body of this content type.',
  ),
  FST_ERR_CTP_INVALID_JSON_BODY: problem(
    400,
    'malformed-json',
    'Malformed JSON',
    'The request body is not valid JSON.',
  ),
  FST_ERR_CTP_EMPTY_JSON_BODY: problem(
    400,
    'empty-body',
    'Empty Body',
    'The request says it has a JSON body but has none.',
  ),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: problem(
    400,
    'bad-content-length',
    'Bad Content-Length',
    'The request body does not match its Content-Length.',
  ),
};

const UNAVAILABLE = problem(
  503,
  'unavailable',
  'Service Unavailable',
  'A system this request needs is unavailable. Please try again later.',
);
const FAILED = problem(500, 'failed', 'Internal Server Error', 'The request failed on our side.');

/**
 * Whether a failure may pass if the same request comes again: an `AppError` says so itself; the
 * broker's and the database's errors (kafkajs `KafkaJS…`, the driver's `Mongo…`) are the
 * infrastructure being away. Anything else is a bug, and a 500: answering 503 to a bug invites
 * retries that fail the same way.
 */
export function isRetryableInfrastructureFailure(error: unknown): boolean {
  if (error instanceof AppError) return error.retryable;
  return error instanceof Error && /^(KafkaJS|Mongo)/.test(error.name);
}

function clientStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('statusCode' in error)) return undefined;
  const status = error.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * The problem a failed request answers with: the parser's or the route's own problem, a known
 * fastify client error by its code, any other 4xx as itself (no detail from the error: it may
 * quote input), 503 for a retryable infrastructure failure and 500 for everything else.
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  const status = clientStatusOf(error);
  if (status !== undefined) {
    const known = FASTIFY_CLIENT_ERRORS[codeOf(error) ?? ''];
    return known ?? problem(status, 'bad-request', 'Bad Request', 'The request was refused.');
  }
  return isRetryableInfrastructureFailure(error) ? UNAVAILABLE : FAILED;
}

/** The route's pattern (never the URL: it carries ids, signatures and addresses). */
function routeOf(request: FastifyRequest): string {
  return request.routeOptions.url ?? '(none)';
}

export interface ProblemHandlerOptions {
  readonly logger: Logger;
  /** Seconds a 503 asks the caller to wait before trying again (default 30). */
  readonly retryAfterSeconds?: number;
  /**
   * The app's own reading of an error it knows better (a schema validation's fields, say), asked
   * first; undefined leaves it to {@link problemOf}.
   */
  readonly problemOf?: (error: unknown) => Problem | undefined;
}

/**
 * Makes every failure an RFC 9457 problem body: client errors (4xx) are logged as warnings,
 * failures (5xx) as errors, by route pattern, status and kind only. An unknown route is a 404
 * problem that does not echo the path; a known path with a method it is not served under is a 405
 * problem with `Allow`.
 */
export function registerProblemHandlers(
  app: FastifyInstance,
  options: ProblemHandlerOptions,
): void {
  const { logger } = options;
  // Every route's path as a pattern, so that a path served under other methods answers 405.
  const routes: { readonly path: RoutePattern; readonly methods: readonly string[] }[] = [];
  app.addHook('onRoute', (route) => {
    const path = pathPatternOf(route.url);
    if (path === undefined) return;
    routes.push({ path, methods: [route.method].flat() });
  });

  /**
   * No route took the request: 405 with `Allow` when its path is served under other methods,
   * else 404. As OpenAPI matches paths, a concrete path hides the templated ones it also fits
   * (`/campaigns/preview`, not `/campaigns/{id}`): `Allow` says what the document says of it.
   */
  const answerNoRoute = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    const matching = routes.filter((route) => route.path.pattern.test(path));
    const concrete = Math.max(-1, ...matching.map((route) => route.path.fixedSegments));
    const allowed = [
      ...new Set(
        matching.filter((r) => r.path.fixedSegments === concrete).flatMap((r) => r.methods),
      ),
    ].sort();
    if (allowed.length > 0) {
      logger.warn({ method: request.method, status: 405 }, 'method not allowed');
      void reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        problem(
          405,
          'method-not-allowed',
          'Method Not Allowed',
          'This route does not take this method: `Allow` names those it takes.',
        ),
      );
    }
    logger.warn({ method: request.method, status: 404 }, 'no such route');
    return sendProblem(
      reply,
      problem(404, 'not-found', 'Not Found', 'There is no such route here.'),
    );
  };

  app.setErrorHandler((error, request, reply) => {
    // A request no route takes is refused for that first, not for its body or headers (fastify
    // reads them on the way to the not-found handler, and wants a content type with QUERY).
    if (request.is404 && clientStatusOf(error) !== undefined) return answerNoRoute(request, reply);
    const body = options.problemOf?.(error) ?? problemOf(error);
    const fields = { method: request.method, route: routeOf(request), status: body.status };
    if (body.status < 500) {
      logger.warn({ ...fields, problem: body.type }, 'request refused');
    } else {
      logger.error({ ...fields, error: safeErrorText(error) }, 'request failed');
      if (body.status === 503)
        void reply.header('retry-after', String(options.retryAfterSeconds ?? 30));
    }
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler(answerNoRoute);
}

interface RoutePattern {
  readonly pattern: RegExp;
  /** How many of its segments are fixed text: the more, the more concrete the path. */
  readonly fixedSegments: number;
}

/**
 * A route's path (`/v1/things/:id`) as a pattern of the raw paths it serves: a parameter is one
 * segment. Undefined for a path with a regular expression or a wildcard in it: those never answer
 * 405, only 404.
 */
function pathPatternOf(url: string): RoutePattern | undefined {
  if (/[(*]/.test(url)) return undefined;
  const segments = url.split('/');
  const pattern = segments
    .map((segment) =>
      segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return {
    pattern: new RegExp(`^${pattern}$`),
    fixedSegments: segments.filter((segment) => !segment.startsWith(':')).length,
  };
}

const BAD_URL = problem(
  400,
  'bad-url',
  'Bad URL',
  'A path parameter is not valid percent-encoding or is longer than this API takes.',
);

/**
 * Fastify's `frameworkErrors`: the router's refusals of a URL it cannot read (bad percent-encoding,
 * a path parameter longer than `maxParamLength`) as a 400 problem that does not echo the URL;
 * fastify's own answer would (414 for the length, with the path in its message). A 400: the
 * parameter is not valid, as a route's own schema would say of a shorter one.
 */
export function frameworkErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const body =
      error.code === 'FST_ERR_BAD_URL' || error.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? BAD_URL
        : problemOf(error);
    logger.warn({ method: request.method, status: body.status, problem: body.type }, 'bad URL');
    void sendProblem(reply, body);
  };
}
