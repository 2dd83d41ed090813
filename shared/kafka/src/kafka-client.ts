import { Kafka, logLevel, type logCreator } from 'kafkajs';
import { attachReachability, type BrokerReachability } from './broker-reachability.js';

export interface KafkaSettings {
  /** host:port pairs of the bootstrap brokers. */
  readonly brokers: readonly string[];
  /** Names this process in the broker's logs and quotas. */
  readonly clientId: string;
  /**
   * Where kafkajs logs (e.g. @kindly/logger's `kafkaLogCreator`). Without one, only kafkajs'
   * errors reach standard error. If it has `reachability` (as `kafkaLogCreator`'s has), every
   * consumer and producer of this client reports its answered requests there, which is how an
   * outage it logs is known to be over.
   */
  readonly logCreator?: logCreator & { readonly reachability?: BrokerReachability };
}

/** A kafkajs client. */
export function createKafka(settings: KafkaSettings): Kafka {
  const kafka = new Kafka({
    clientId: settings.clientId,
    brokers: [...settings.brokers],
    logLevel: settings.logCreator ? logLevel.INFO : logLevel.ERROR,
    ...(settings.logCreator ? { logCreator: settings.logCreator } : {}),
    retry: { retries: 5, initialRetryTime: 200 },
  });
  const reachability = settings.logCreator?.reachability;
  if (reachability) attachReachability(kafka, reachability);
  return kafka;
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
