import { describe, expect, it } from 'vitest';
import { bindTopics } from './bind-topics.js';
import { ack, skip, type HandlersFor } from './handler.js';

// These checks happen at compile time (`npm run typecheck` fails if an @ts-expect-error line
// compiles); the runtime assertions only keep vitest from reporting an empty test.
describe('handlers for a set of topics', () => {
  const bindings = bindTopics(['account.overdue', 'account.payment']);

  it('compiles when every topic has its handler, typed by its own contract', () => {
    const handlers: HandlersFor<typeof bindings> = {
      'account.overdue': async (event) =>
        event.payload.daysPastDue > 0 ? ack() : skip('not overdue'),
      'account.payment': async (event) => (event.payload.paymentId ? ack() : skip('no payment')),
    };
    expect(Object.keys(handlers)).toEqual(Object.keys(bindings));
  });

  it('does not compile with a topic left without a handler', () => {
    // @ts-expect-error 'account.payment' has no handler
    const missing: HandlersFor<typeof bindings> = { 'account.overdue': async () => ack() };
    expect(missing).toBeDefined();
  });

  it("does not compile when a handler reads another contract's fields", () => {
    const wrong: HandlersFor<typeof bindings> = {
      // @ts-expect-error a payment has no daysPastDue
      'account.payment': async (event) => (event.payload.daysPastDue > 0 ? ack() : skip('x')),
      'account.overdue': async () => ack(),
    };
    expect(wrong).toBeDefined();
  });
});
