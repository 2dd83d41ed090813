import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '@kindly/logger';
import { registerProblemHandlers, type ProblemHandlerOptions } from './problem-handlers.js';

export interface HttpAppOptions {
  readonly logger: Logger;
  /** The largest body any route takes, in bytes; a route may set its own `bodyLimit`. */
  readonly bodyLimit: number;
  /** The app's own reading of errors it knows better (see {@link ProblemHandlerOptions}). */
  readonly problemOf?: ProblemHandlerOptions['problemOf'];
}

/**
 * A fastify app as every Kindly HTTP entry point starts: fastify's request logging off (URLs and
 * bodies carry numbers, addresses and text; routes log what they decided), no body parsers at
 * all (each app or route scope adds the content types it takes, so any other is a 415), and the
 * problem-body error and not-found handlers.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Also the defaults; said here because our own JSON parser must keep the promise.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
  });
  app.removeAllContentTypeParsers();
  registerProblemHandlers(app, {
    logger: options.logger,
    ...(options.problemOf ? { problemOf: options.problemOf } : {}),
  });
  return app;
}
