import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '@kindly/logger';
import {
  frameworkErrorHandler,
  registerProblemHandlers,
  type ProblemHandlerOptions,
} from './problem-handlers.js';

/**
 * The longest path parameter the router takes, as sent (percent-encoded): room for the longest
 * identifier a route takes (100 characters) with every character encoded. A longer one is a 400
 * problem before routing; a route's schema refuses the lengths in between with its own 400.
 */
const MAX_PARAM_LENGTH = 320;

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
 * problem-body error, not-found and bad-URL handlers.
 */
export function createHttpApp(options: HttpAppOptions): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Also the defaults; said here because our own JSON parser must keep the promise.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    // A URL the router cannot read: a problem that does not echo it (fastify's own body would).
    frameworkErrors: frameworkErrorHandler(options.logger),
  });
  app.removeAllContentTypeParsers();
  registerProblemHandlers(app, {
    logger: options.logger,
    ...(options.problemOf ? { problemOf: options.problemOf } : {}),
  });
  return app;
}
