/**
 * Before a command that needs Kafka and MongoDB starts its clients: is anything listening at
 * each address? A server that is down is then named at once, in one line, rather than after
 * kafkajs has retried for seconds and logged each attempt.
 */
import { UnreachableError } from '@kindly/provisioning';
import { addressOf, brokerEndpoint, mongoEndpoints } from '../doctor/endpoints.js';
import { probeTcp } from '../doctor/tcp-probe.js';

const PROBE_MS = 3_000;

/** Throws {@link UnreachableError} for the first server that does not take a connection. */
export async function reachFirst(kafkaBrokers: readonly string[], mongoUri: string): Promise<void> {
  const kafka = kafkaBrokers.map((broker) => ['Kafka', brokerEndpoint(broker)] as const);
  const mongo = mongoEndpoints(mongoUri);
  // A mongodb+srv:// URI names a DNS record the driver resolves: nothing to probe here.
  const servers = [
    ...kafka,
    ...(mongo.srv ? [] : mongo.endpoints.map((e) => ['MongoDB', e] as const)),
  ];
  const answers = await Promise.all(
    servers.map(async ([system, endpoint]) => ({
      system,
      endpoint,
      down: await probeTcp(endpoint, PROBE_MS),
    })),
  );
  // Kafka has several brokers: one answering is enough for a client to find the rest.
  const kafkaDown = answers.filter((a) => a.system === 'Kafka' && a.down);
  if (kafka.length > 0 && kafkaDown.length === kafka.length) {
    const first = kafkaDown[0]!;
    throw new UnreachableError('Kafka', addressOf(first.endpoint), first.down!.reason);
  }
  const mongoDown = answers.filter((a) => a.system === 'MongoDB' && a.down);
  if (mongoDown.length > 0 && mongoDown.length === answers.length - kafka.length) {
    const first = mongoDown[0]!;
    throw new UnreachableError('MongoDB', addressOf(first.endpoint), first.down!.reason);
  }
}
