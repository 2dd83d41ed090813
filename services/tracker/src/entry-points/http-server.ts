import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { isRetryable, safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import { registerBounceRoutes, type BounceRouteDeps } from './bounce.routes.js';
import { parseForm } from './form-body.js';
import { registerTwilioRoutes, type TwilioRouteDeps } from './twilio.routes.js';
import { registerUnsubscribeRoutes, type UnsubscribeRouteDeps } from './unsubscribe.routes.js';

export interface TrackerHttpDeps {
  readonly twilio: TwilioRouteDeps;
  readonly bounces: BounceRouteDeps;
  readonly unsubscribe: UnsubscribeRouteDeps;
  readonly logger: Logger;
}

/**
 * The provider-facing API. Fastify's own request logging is off: URLs and bodies carry numbers,
 * addresses and message text. Each route logs what it decided, without them.
 */
export function buildTrackerApp(deps: TrackerHttpDeps): FastifyInstance {
  const app = Fastify({ logger: false });
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) =>
      done(null, parseForm(typeof body === 'string' ? body : body.toString())),
  );
  // Bounces (message/rfc822 and whatever a provider sends) and multipart unsubscribe posts.
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    const status =
      typeof error === 'object' &&
      error !== null &&
      'statusCode' in error &&
      typeof error.statusCode === 'number' &&
      error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status >= 500) deps.logger.error({ error: safeErrorText(error) }, 'request failed');
    // A failure that may pass (the broker or the database away) asks the provider to come again.
    const retry = status >= 500 && isRetryable(error);
    return reply
      .code(retry ? 503 : status)
      .type('text/plain; charset=utf-8')
      .send(retry ? 'temporarily unavailable\n' : status >= 500 ? 'failed\n' : 'bad request\n');
  });

  registerTwilioRoutes(app, deps.twilio);
  registerBounceRoutes(app, deps.bounces);
  registerUnsubscribeRoutes(app, deps.unsubscribe);
  return app;
}

export interface RunningHttpServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(
  deps: TrackerHttpDeps,
  listen: { readonly host: string; readonly port: number },
): Promise<RunningHttpServer> {
  const app = buildTrackerApp(deps);
  await app.listen({ host: listen.host, port: listen.port });
  const address = app.server.address() as AddressInfo;
  return { port: address.port, close: () => app.close() };
}
