import { Kafka, logLevel } from 'kafkajs';

export interface KafkaSettings {
  /** host:port pairs of the bootstrap brokers. */
  readonly brokers: readonly string[];
  /** Names this process in the broker's logs and quotas. */
  readonly clientId: string;
}

/** A kafkajs client. kafkajs' own logging is kept to errors: Kindly logs what it does itself. */
export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: logLevel.ERROR,
    retry: { retries: 5, initialRetryTime: 200 },
  });
}

/** Parses the `KAFKA_BROKERS` form: `host:port[,host:port…]`. */
export function parseBrokers(value: string): string[] {
  const brokers = value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker.length > 0);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) {
      throw new Error(`KAFKA_BROKERS: '${broker}' is not host:port`);
    }
  }
  if (brokers.length === 0) throw new Error('KAFKA_BROKERS: no broker given');
  return brokers;
}
