import { ack, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import type { ContactHistoryStore } from '../domain/ports.js';

export const contactTopics = ['delivery.outcome'] as const;
export type ContactBindings = CatalogBindings<(typeof contactTopics)[number]>;

/**
 * `delivery.outcome` → the renderer's own contact history: what providers and the agent desk
 * (channel `agent-call`, one report per call made) said about each message, so that the facts a
 * message states ("we tried to call you") are checked against it at render time.
 */
export function contactHandlers(contacts: ContactHistoryStore): HandlersFor<ContactBindings> {
  return {
    'delivery.outcome': async (event) => {
      await contacts.recordOutcome(event.tenantId, event.payload);
      return ack();
    },
  };
}
