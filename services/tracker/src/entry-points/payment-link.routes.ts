import type { FastifyInstance } from 'fastify';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import { problem, sendProblem } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import { parseLinkReference, paymentPageFor } from '../domain/payment-link.js';
import { followPaymentLink, type FollowLinkDeps } from '../domain/record-click.use-case.js';
import { utcText } from '../domain/utc-text.js';
import type { PaymentLinkRoute } from '../data-access/payment-link-routes.js';

export interface PaymentLinkRouteDeps {
  readonly follow: FollowLinkDeps;
  /** The click routes of the senders file's tracked profiles; none: no route is served. */
  readonly routes: readonly PaymentLinkRoute[];
  readonly clock: Clock;
  readonly logger: Logger;
}

const NOT_A_LINK = problem(404, 'unknown-link', 'Not Found', 'There is no such link.');

/**
 * `GET <click route>/<reference>`: a customer followed a payment link. Not authenticated: the
 * customer's browser (or phone) follows it, with nothing to sign; what it can do is count a
 * click of a message the tracker knows was sent for a tenant of the route, once, and send the
 * browser on to the payment page with the same reference it would have reached without the
 * tracker. A well-shaped reference is redirected alike whether or not it names a message, and
 * before anything is looked up, so neither the answer nor its timing tells which references
 * exist or were clicked; the click is recorded afterwards (a failure is logged, and the recovery
 * sweep publishes what was left pending). One of no reference's shape gets a 404 problem that
 * does not quote it. A HEAD (link scanners, previews) is answered the same and counts nothing.
 * Never cached: each follow is the customer's own.
 */
export function registerPaymentLinkRoutes(app: FastifyInstance, deps: PaymentLinkRouteDeps): void {
  const record = async (route: PaymentLinkRoute, text: string) => {
    try {
      const followed = await followPaymentLink(deps.follow, route, text, utcText(deps.clock.now()));
      deps.logger.info(
        {
          route: 'payment-link',
          result: followed.verdict,
          ...(followed.verdict !== 'malformed' && followed.messageId !== undefined
            ? { messageId: followed.messageId }
            : {}),
        },
        'payment link followed',
      );
    } catch (error) {
      // The customer has gone on to pay; the recovery sweep publishes the click left pending.
      deps.logger.error(
        { route: 'payment-link', error: safeErrorText(error) },
        'payment link click not recorded',
      );
    }
  };
  for (const route of deps.routes) {
    app.get<{ Params: { reference: string } }>(
      `${route.path}/:reference`,
      async (request, reply) => {
        const text = request.params.reference;
        const link = parseLinkReference(text);
        if (link === undefined) {
          deps.logger.warn({ route: 'payment-link', result: 'malformed' }, 'payment link refused');
          return sendProblem(reply, NOT_A_LINK);
        }
        await reply
          .header('cache-control', 'no-store')
          .header('referrer-policy', 'no-referrer')
          .redirect(paymentPageFor(route.page, link), 302);
        // Recorded once the answer is out: its timing is the same for every reference.
        if (request.method === 'GET') void record(route, text);
        return reply;
      },
    );
  }
}
