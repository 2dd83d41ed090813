import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 * problem that does not echo the path.
 */
export function registerProblemHandlers(
  app: FastifyInstance,
  options: ProblemHandlerOptions,
): void {
  const { logger } = options;
  app.setErrorHandler((error, request, reply) => {
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
  app.setNotFoundHandler((request, reply) => {
    logger.warn({ method: request.method, status: 404 }, 'no such route');
    return sendProblem(
      reply,
      problem(404, 'not-found', 'Not Found', 'There is no such route here.'),
    );
  });
}
