import { hostname } from 'node:os';
import type { z } from 'zod';
import { systemClock, type Clock } from '@kindly/clock';
import { ConfigError, parseConfig } from '@kindly/config';
import { safeErrorText } from '@kindly/errors';
import { createKafka, createProducer, type Kafka, type Producer } from '@kindly/kafka';
import { createLogger, kafkaLogCreator, type Logger } from '@kindly/logger';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import { createMetrics, startHealthServer, type Metrics } from '@kindly/observability';
import { ServiceSettings } from './service-settings.js';

/** What a service's composition root is handed: everything connected, nothing global. */
export interface ServiceContext<Settings> {
  readonly settings: Settings;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly kafka: Kafka;
  readonly producer: Producer;
  readonly mongo: MongoConnection;
}

/** A started service: asked for readiness by /readyz, stopped on SIGTERM. */
export interface StartedService {
  isReady(): boolean;
  stop(): Promise<void>;
}

export interface ServiceDefinition<Schema extends z.ZodObject> {
  /** Names the service: its consumer group, its logs, its metrics. */
  readonly name: string;
  /** The service's own settings, merged over {@link ServiceSettings}. */
  readonly settings?: Schema;
  start(context: ServiceContext<z.infer<Schema> & ServiceSettings>): Promise<StartedService>;
}

export interface RunOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  /** Where a bad configuration is reported before the logger exists. */
  readonly stderr?: (line: string) => void;
}

/**
 * Runs a service: parses its settings once (a bad or missing one ends the process with exit code
 * 78, naming every setting at fault), connects MongoDB and Kafka, starts the service and its health
 * server, and on SIGTERM or SIGINT stops them in reverse order so that messages in hand are
 * finished and their offsets committed. The one place where a service touches `process`.
 */
export async function runService<Schema extends z.ZodObject>(
  definition: ServiceDefinition<Schema>,
  options: RunOptions = {},
): Promise<void> {
  const stderr = options.stderr ?? ((line: string) => process.stderr.write(`${line}\n`));
  let settings: z.infer<Schema> & ServiceSettings;
  try {
    const schema = definition.settings
      ? ServiceSettings.extend(definition.settings.shape)
      : ServiceSettings;
    settings = parseConfig(schema, options.env ?? process.env) as z.infer<Schema> & ServiceSettings;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    stderr(`${definition.name}: ${error.message}`);
    process.exitCode = 78; // EX_CONFIG: a supervisor should not restart it in a loop
    return;
  }

  const instance = settings.INSTANCE_ID ?? hostname();
  const logger = createLogger({ service: definition.name, level: settings.LOG_LEVEL });
  const metrics = createMetrics({ service: definition.name });
  const stops: [part: string, stop: () => Promise<void>][] = [];
  let stoppingPart: string | undefined;
  const stopAll = async () => {
    for (const [part, stop] of stops.reverse()) {
      stoppingPart = part;
      await stop().catch((e: unknown) =>
        logger.error({ part, error: safeErrorText(e) }, 'stop failed'),
      );
    }
    stoppingPart = undefined;
  };
  try {
    const mongo = await connectMongo({
      uri: settings.MONGODB_URI,
      database: settings.MONGODB_DATABASE,
      appName: `${definition.name}-${instance}`,
    });
    stops.push(['mongo', () => mongo.close()]);
    const kafka = createKafka({
      brokers: settings.KAFKA_BROKERS,
      clientId: `${definition.name}-${instance}`,
      logCreator: kafkaLogCreator(logger),
    });
    const producer = createProducer(kafka);
    await producer.connect();
    stops.push(['producer', () => producer.disconnect()]);

    const service = await definition.start({
      settings,
      logger,
      metrics,
      clock: options.clock ?? systemClock,
      kafka,
      producer,
      mongo,
    });
    stops.push([definition.name, () => service.stop()]);
    const health = await startHealthServer({
      port: settings.HEALTH_PORT,
      host: settings.HEALTH_HOST,
      registry: metrics.registry,
      readiness: () => service.isReady(),
      logger,
    });
    stops.push(['health', () => health.close()]);
    logger.info({ healthPort: health.port, instance }, 'started');
  } catch (error) {
    // What did start is stopped, under the same deadline as a stop after a signal.
    await stopWithin(stopAll, settings.SHUTDOWN_TIMEOUT_MS, logger, () => stoppingPart);
    if (error instanceof ConfigError) {
      // Settings each valid alone that contradict each other (found by the service's start).
      stderr(`${definition.name}: ${error.message}`);
      process.exitCode = 78;
      return;
    }
    logger.fatal({ error: safeErrorText(error) }, 'could not start');
    process.exitCode = 1;
    return;
  }

  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await stopWithin(stopAll, settings.SHUTDOWN_TIMEOUT_MS, logger, () => stoppingPart);
  logger.info({}, 'stopped');
}

/**
 * Runs `stopAll`, or past `timeoutMs` logs the part it was waiting for and exits with 1. A stop
 * that hangs (a Kafka group join held by the broker, say) would otherwise wait for the
 * platform's SIGKILL, or for ever after a failed start, and leave no word of where it hung.
 */
export async function stopWithin(
  stopAll: () => Promise<void>,
  timeoutMs: number,
  logger: Pick<Logger, 'error'>,
  waitingFor: () => string | undefined,
): Promise<void> {
  let deadline: NodeJS.Timeout | undefined;
  const stopped = await Promise.race([
    stopAll().then(() => true),
    new Promise<false>((resolve) => {
      deadline = setTimeout(() => resolve(false), timeoutMs);
    }),
  ]);
  clearTimeout(deadline);
  if (!stopped) {
    logger.error(
      { waitingFor: waitingFor(), timeoutMs },
      'stop did not finish in time; exiting without it',
    );
    process.exit(1);
  }
}
