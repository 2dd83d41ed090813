import type { Consumer, Kafka, Producer } from 'kafkajs';

/**
 * Where a client reports that the broker answered: the other half of the outage state that
 * @kindly/logger's `kafkaLogCreator` keeps from kafkajs' failure logs (a successful request is
 * only logged at debug, which kafkajs does not pass on).
 */
export interface BrokerReachability {
  reachable(): void;
}

// Per client rather than per call: services start their consumers and producers from a `Kafka`
// alone, and the outage state belongs to the client whose log creator keeps it.
const byClient = new WeakMap<Kafka, BrokerReachability>();

/** Makes every consumer and producer of `kafka` report its answered requests to `reachability`. */
export function attachReachability(kafka: Kafka, reachability: BrokerReachability): void {
  byClient.set(kafka, reachability);
}

/** Reports each request of `client` that got a response, if its Kafka client has a listener. */
export function reportAnswers(kafka: Kafka, client: Consumer | Producer): void {
  const reachability = byClient.get(kafka);
  if (!reachability) return;
  // Both have a REQUEST event, emitted when a response arrives; their `on` overloads differ.
  if ('subscribe' in client) client.on(client.events.REQUEST, () => reachability.reachable());
  else client.on(client.events.REQUEST, () => reachability.reachable());
}
