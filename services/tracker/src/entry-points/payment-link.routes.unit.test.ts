import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { systemClock } from '@kindly/clock';
import { messageReferenceOf } from '@kindly/contracts';
import { createLogger } from '@kindly/logger';
import type { DeliveryStore, PaymentClicks, TrackerEvents } from '../domain/ports.js';
import { registerPaymentLinkRoutes } from './payment-link.routes.js';

const PAGE = 'https://pay.example-bank.com/r';
const SHORT = messageReferenceOf('3f2b8c1e-9a47-5d21-8c3e-0a1b2c3d4e5f');

/** The route over stores whose lookup answers only when the test lets it. */
function app() {
  let lookups = 0;
  let answer: () => void = () => {};
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const deliveries: DeliveryStore = {
    recordAccepted: unused,
    advance: unused,
    markPublished: unused,
    latestAttempt: unused,
    sentWithReference: () => {
      lookups += 1;
      return new Promise((resolve) => (answer = () => resolve([])));
    },
  };
  const clicks: PaymentClicks = {
    claim: unused,
    markPublished: unused,
    pendingBefore: unused,
    oldestPending: unused,
  };
  const events: TrackerEvents = {
    publishOutcomes: unused,
    publishConsents: unused,
    publishUnreachable: unused,
  };
  const server = Fastify();
  registerPaymentLinkRoutes(server, {
    follow: { deliveries, clicks, events },
    routes: [{ path: '/c', page: PAGE, tenants: { only: ['bank-1'] } }],
    clock: systemClock,
    logger: createLogger({ service: 'tracker', level: 'silent' }),
  });
  return { server, lookups: () => lookups, answer: () => answer() };
}

describe('the click route', () => {
  it('redirects before looking the reference up, so its timing tells nothing', async () => {
    const { server, lookups, answer } = app();
    // The lookup never answers until the redirect is out: a route that awaited it would hang.
    const response = await server.inject({ method: 'GET', url: `/c/${SHORT}` });
    expect(response.statusCode).toBe(302);
    expect(response.headers['location']).toBe(`${PAGE}/${SHORT}`);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lookups()).toBe(1); // recorded afterwards
    answer();
    await server.close();
  });

  it('looks nothing up for a HEAD', async () => {
    const { server, lookups } = app();
    const response = await server.inject({ method: 'HEAD', url: `/c/${SHORT}` });
    expect(response.statusCode).toBe(302);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lookups()).toBe(0);
    await server.close();
  });
});
