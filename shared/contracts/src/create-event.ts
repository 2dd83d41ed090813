import { topicCatalog, type EventOf, type EventType } from './topic-catalog.js';

/** What a producer supplies; `type` and `schemaVersion` come from the catalog. */
export type EventFields<K extends EventType> = Omit<EventOf<K>, 'type' | 'schemaVersion'>;

/**
 * An event of one type, stamped with the version this code writes and validated, so that a
 * producer finds a broken event when it builds it rather than a consumer's dead-letter topic.
 * `eventId` and `occurredAt` are passed in: ids may be deterministic, and clocks are injected.
 *
 * @throws z.ZodError when the fields break the contract
 */
export function createEvent<K extends EventType>(type: K, fields: EventFields<K>): EventOf<K> {
  const entry = topicCatalog[type];
  const event = entry.schema.parse({ ...fields, type, schemaVersion: entry.schemaVersion });
  // TypeScript widens `topicCatalog[type]` to the union of all entries for a generic K (it cannot
  // correlate the two, microsoft/TypeScript#30581); the schema parsed is K's own, so the cast holds.
  return event as EventOf<K>;
}
