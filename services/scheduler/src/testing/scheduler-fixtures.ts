/**
 * Wiring for the scheduler's integration tests: a scheduler replica started as the composition
 * root starts one, and the test data of `new-york-account.ts`.
 */
import type { Clock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { createLogger, kafkaLogCreator } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics, type Metrics } from '@kindly/observability';
import { rules } from './new-york-account.js';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';
import { SchedulerSettingsSchema } from '../scheduler-settings.js';
import { startScheduler } from '../start-scheduler.js';

export * from './new-york-account.js';

export interface ReplicaOptions {
  readonly ns: ProvisionedNamespace;
  readonly clock: Clock;
  readonly owner: string;
  readonly env?: Record<string, string>;
  readonly metrics?: Metrics;
}

/** Starts one scheduler replica with its own connections, as `main.ts` would. */
export async function startReplica(options: ReplicaOptions): Promise<{
  service: StartedService;
  producer: Producer;
  metrics: Metrics;
  stop(): Promise<void>;
}> {
  const { ns } = options;
  const settings = parseConfig(ServiceSettings.extend(SchedulerSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    SCHEDULER_POLL_INTERVAL_MS: '50',
    ...options.env,
  });
  const logger = createLogger({ service: 'scheduler', level: 'silent' });
  // Through the service's logger, as in production: a rebalance is routine, not an error line.
  const kafka = createKafka({
    brokers: ns.infra.kafkaBrokers,
    clientId: options.owner,
    logCreator: kafkaLogCreator(logger),
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: options.owner,
  });
  const metrics = options.metrics ?? createMetrics({ service: 'scheduler' });
  const service = await startScheduler(
    {
      settings,
      logger,
      metrics,
      clock: options.clock,
      kafka,
      producer,
      mongo,
    },
    rules,
    { owner: options.owner },
  );
  return {
    service,
    producer,
    metrics,
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}

/** Polls `condition` every 100 ms until it holds, for at most `ms`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
