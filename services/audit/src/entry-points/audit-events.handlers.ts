import { eventTypes, type AnyEvent, type EventType } from '@kindly/contracts';
import { ack, skip, type CatalogBindings, type Handler, type HandlersFor } from '@kindly/kafka';
import { recordEvent, type RecordEventDeps } from '../domain/record-event.use-case.js';

/** Every topic: the audit keeps every decision and outcome, and every bank event they stood on. */
export const auditTopics: readonly EventType[] = eventTypes;
export type AuditBindings = CatalogBindings<EventType>;

export function auditHandlers(deps: RecordEventDeps): HandlersFor<AuditBindings> {
  const keep: Handler<AnyEvent> = async (event) =>
    (await recordEvent(deps, event)).outcome === 'appended' ? ack() : skip('DUPLICATE');
  return Object.fromEntries(auditTopics.map((type) => [type, keep])) as HandlersFor<AuditBindings>;
}
