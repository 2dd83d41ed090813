import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createHttpApp } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import { registerBounceRoutes, type BounceRouteDeps } from './bounce.routes.js';
import { parseForm } from './form-body.js';
import { registerPaymentLinkRoutes, type PaymentLinkRouteDeps } from './payment-link.routes.js';
import { registerTwilioRoutes, type TwilioRouteDeps } from './twilio.routes.js';
import { registerUnsubscribeRoutes, type UnsubscribeRouteDeps } from './unsubscribe.routes.js';

export interface TrackerHttpDeps {
  readonly twilio: TwilioRouteDeps;
  readonly bounces: BounceRouteDeps;
  readonly unsubscribe: UnsubscribeRouteDeps;
  readonly paymentLinks: PaymentLinkRouteDeps;
  readonly logger: Logger;
}

/** Twilio's posts (a text of at most 1,600 characters and a few dozen parameters) fit easily. */
const MAX_FORM_BYTES = 64 * 1024;

/**
 * The provider-facing API. Each group of routes is its own fastify scope with the bodies it
 * takes: Twilio's webhooks forms only (anything else is a 415), bounces any body as the raw
 * report, unsubscribe posts any small body (ignored), payment links (GET) none. Failures are problem bodies (@kindly/http):
 * 4xx for what the caller sent, 503 when the broker or the database is away, 500 for a bug.
 * Fastify's own request logging is off: URLs and bodies carry numbers, addresses and message
 * text. Each route logs what it decided, without them.
 */
export function buildTrackerApp(deps: TrackerHttpDeps): FastifyInstance {
  const app = createHttpApp({ logger: deps.logger, bodyLimit: MAX_FORM_BYTES });
  void app.register((twilio, _options, done) => {
    twilio.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_request, body, done) => {
        try {
          done(null, parseForm(typeof body === 'string' ? body : body.toString('utf8')));
        } catch (error) {
          done(error instanceof Error ? error : new Error('form not parsed'), undefined);
        }
      },
    );
    registerTwilioRoutes(twilio, deps.twilio);
    done();
  });
  void app.register((bounces, _options, done) => {
    registerBounceRoutes(bounces, deps.bounces);
    done();
  });
  void app.register((unsubscribe, _options, done) => {
    registerUnsubscribeRoutes(unsubscribe, deps.unsubscribe);
    done();
  });
  void app.register((links, _options, done) => {
    registerPaymentLinkRoutes(links, deps.paymentLinks);
    done();
  });
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
