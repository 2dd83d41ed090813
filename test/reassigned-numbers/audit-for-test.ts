/** Starts the audit service for a cross-service test, as its `main.ts` would. */
import { randomBytes } from 'node:crypto';
import { AuditSettingsSchema, startAudit } from '@kindly/audit';
import { systemClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { createKafka, createProducer } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { ServiceSettings } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';

export async function startAuditForTest(
  ns: ProvisionedNamespace,
): Promise<{ stop(): Promise<void> }> {
  const settings = parseConfig(ServiceSettings.extend(AuditSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    AUDIT_ADDRESS_KEY: 'reassigned-test-address-key-0123456789',
    AUDIT_EVIDENCE_KEYS: `one:${randomBytes(32).toString('base64')}`,
    AUDIT_EVIDENCE_ACTIVE_KEY: 'one',
    AUDIT_ANCHOR_INTERVAL_MS: '3600000',
  });
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'audit-rnd' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: 'audit-rnd',
  });
  const service = await startAudit({
    settings,
    logger: createLogger({ service: 'audit', level: 'silent' }),
    metrics: createMetrics({ service: 'audit' }),
    clock: systemClock,
    kafka,
    producer,
    mongo,
  });
  return {
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
