/** Starts the audit service for the integration tests, as `main.ts` would. */
import { randomBytes } from 'node:crypto';
import { systemClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { createKafka, createProducer } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';
import { AuditSettingsSchema, type AuditSettings } from '../audit-settings.js';
import { startAudit } from '../start-audit.js';

export const TEST_ADDRESS_KEY = 'audit-test-address-key-0123456789abcdef';

/** Fresh evidence keys per call: `one` active. */
export function testEvidenceKeys(): {
  AUDIT_EVIDENCE_KEYS: string;
  AUDIT_EVIDENCE_ACTIVE_KEY: string;
} {
  return {
    AUDIT_EVIDENCE_KEYS: `one:${randomBytes(32).toString('base64')}`,
    AUDIT_EVIDENCE_ACTIVE_KEY: 'one',
  };
}

export async function startAuditService(
  ns: ProvisionedNamespace,
  env: Record<string, string> = {},
): Promise<{ service: StartedService; settings: AuditSettings; stop(): Promise<void> }> {
  const settings = parseConfig(ServiceSettings.extend(AuditSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    AUDIT_ADDRESS_KEY: TEST_ADDRESS_KEY,
    ...testEvidenceKeys(),
    AUDIT_ANCHOR_INTERVAL_MS: '3600000',
    ...env,
  });
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'audit-test' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: 'audit-test',
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
    service,
    settings,
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
