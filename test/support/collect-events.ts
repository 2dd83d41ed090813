/** Reading what the services publish, for the cross-service tests' assertions. */
import type { AnyEvent, EventType } from '@kindly/contracts';
import type { Consumer, Kafka } from '@kindly/kafka';
import type { ProvisionedNamespace } from '@kindly/testing';

/**
 * Pushes every event on the namespace's topics of `types` onto `seen` as it arrives, read from
 * the beginning by a consumer group of its own; disconnect the consumer it returns when done.
 */
export async function collectEvents(
  kafka: Kafka,
  ns: ProvisionedNamespace,
  types: readonly EventType[],
  seen: AnyEvent[],
): Promise<Consumer> {
  const reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
  await reader.connect();
  await reader.subscribe({ topics: types.map((type) => ns.topic(type)), fromBeginning: true });
  await reader.run({
    eachMessage: ({ message }) => {
      seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent);
      return Promise.resolve();
    },
  });
  return reader;
}
