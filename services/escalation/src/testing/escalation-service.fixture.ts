/** Starts the escalation service for the integration tests, as `main.ts` would. */
import type { Clock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { createKafka, createProducer } from '@kindly/kafka';
import { createLogger, type Logger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';
import { EscalationSettingsSchema } from '../escalation-settings.js';
import { startEscalation } from '../start-escalation.js';

/** Starts the service on its own connections; silent unless given a logger. */
export async function startEscalationService(
  ns: ProvisionedNamespace,
  clock: Clock,
  logger: Logger = createLogger({ service: 'escalation', level: 'silent' }),
): Promise<{ service: StartedService; stop(): Promise<void> }> {
  const settings = parseConfig(ServiceSettings.extend(EscalationSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    ESCALATION_POLL_INTERVAL_MS: '50',
  });
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'escalation-test' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: 'escalation-test',
  });
  const service = await startEscalation(
    {
      settings,
      logger,
      metrics: createMetrics({ service: 'escalation' }),
      clock,
      kafka,
      producer,
      mongo,
    },
    loadPlanningRules(),
  );
  return {
    service,
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
