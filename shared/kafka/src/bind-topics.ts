import { topicCatalog, type EventType, type SchemaOf, type EventOf } from '@kindly/contracts';
import type { TopicBinding } from './handler.js';

/** Bindings for catalog events, keyed by event type. */
export type CatalogBindings<Types extends EventType> = {
  readonly [K in Types]: TopicBinding<EventOf<K>> & { readonly schema: SchemaOf<K> };
};

/**
 * The catalog's topics for `types`, with an optional name prefix (tests, and tenants sharing a
 * cluster): what a service hands to `startConsumer` and `createEventPublisher`.
 */
export function bindTopics<const Types extends EventType>(
  types: readonly Types[],
  prefix = '',
): CatalogBindings<Types> {
  const bindings = Object.fromEntries(
    types.map((type) => {
      const entry = topicCatalog[type];
      return [type, { topic: prefix + entry.name, schema: entry.schema, type }];
    }),
  );
  // Object.fromEntries cannot keep a mapped type; each entry is built from its own catalog row.
  return bindings as unknown as CatalogBindings<Types>;
}
