import { createKafka } from '@kindly/kafka';
import { brokerEndpoint } from './endpoints.js';
import { probeTcp, type Unreachable } from './tcp-probe.js';
import { messageOf, TIMEOUTS, withinTime } from './time-limit.js';

/** What the doctor learns from Kafka: the edge of the Kafka checks, which are pure. */
export interface KafkaFacts {
  /** The brokers of `KAFKA_BROKERS` that took no connection. */
  readonly down: readonly Unreachable[];
  /** Every topic the cluster has, when it answered. */
  readonly topics?: readonly string[];
  /** The brokers the cluster says it has (their advertised addresses), when it answered. */
  readonly clusterBrokers?: readonly string[];
  /** The brokers that took the connection, asked for the rest. */
  readonly tried: readonly string[];
  /** Why the cluster did not answer although a broker took the connection. */
  readonly failure?: string;
}

// kafkajs logs every failed attempt to standard error; the doctor says it once, in its report.
const quiet = () => () => undefined;

export async function readKafkaFacts(brokers: readonly string[]): Promise<KafkaFacts> {
  const probes = await Promise.all(
    brokers.map(async (broker) => ({
      broker,
      down: await probeTcp(brokerEndpoint(broker), TIMEOUTS.connectMs),
    })),
  );
  const down = probes.flatMap((probe) => (probe.down ? [probe.down] : []));
  const up = probes.filter((probe) => !probe.down).map((probe) => probe.broker);
  if (up.length === 0) return { down, tried: up };
  const admin = createKafka({ brokers: up, clientId: 'kindly-doctor', logCreator: quiet }).admin();
  try {
    return await withinTime(
      (async () => {
        await admin.connect();
        const cluster = await admin.describeCluster();
        const topics = await admin.listTopics();
        return {
          down,
          tried: up,
          topics,
          clusterBrokers: cluster.brokers.map((b) => `${b.host}:${b.port}`),
        };
      })(),
      TIMEOUTS.askMs,
    );
  } catch (thrown) {
    return { down, tried: up, failure: messageOf(thrown) };
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
