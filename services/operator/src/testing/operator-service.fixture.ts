/** Starts the operator API (and the audit beside it) for the integration tests, as hosts do. */
import { randomBytes } from 'node:crypto';
import { AuditSettingsSchema, startAudit } from '@kindly/audit';
import type { Clock } from '@kindly/clock';
import { systemClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import type { OperatorRole } from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { createLogger, type Logger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';
import { issueKey } from '../access/api-key.js';
import { createApiKeysRepository } from '../data-access/api-keys.repository.js';
import { OperatorSettingsSchema } from '../operator-settings.js';
import { startOperator, type StartedOperator } from '../start-operator.js';

export const ROLES: readonly OperatorRole[] = [
  'agent',
  'operator',
  'marketing',
  'auditor',
  'admin',
];

export interface OperatorUnderTest {
  readonly operator: StartedOperator;
  /** A live key per role, made as `kindly keys create` makes them. */
  readonly keys: Readonly<Record<OperatorRole, { keyId: string; key: string }>>;
  /** The producer the operator records its actions with (a test may disconnect it). */
  readonly producer: Producer;
  stop(): Promise<void>;
}

export async function startOperatorService(
  ns: ProvisionedNamespace,
  clock: Clock,
  options: { readonly logger?: Logger; readonly env?: Record<string, string> } = {},
): Promise<OperatorUnderTest> {
  const base = {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
  };
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'operator-test' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: 'operator-test',
  });
  const silent = createLogger({ service: 'operator', level: 'silent' });
  // One key of each for both, as a host that gives every service the same env (options.env may
  // unset them).
  const addressKey = randomBytes(32).toString('base64url');
  const evidenceKeys = `one:${randomBytes(32).toString('base64')}`;
  const audit: StartedService = await startAudit({
    settings: parseConfig(ServiceSettings.extend(AuditSettingsSchema.shape), {
      ...base,
      AUDIT_ADDRESS_KEY: addressKey,
      AUDIT_EVIDENCE_KEYS: evidenceKeys,
      AUDIT_EVIDENCE_ACTIVE_KEY: 'one',
      AUDIT_ANCHOR_INTERVAL_MS: '3600000',
    }),
    logger: silent,
    metrics: createMetrics({ service: 'audit' }),
    clock: systemClock,
    kafka,
    producer,
    mongo,
  });
  const repository = createApiKeysRepository(mongo.db);
  const keys: Partial<Record<OperatorRole, { keyId: string; key: string }>> = {};
  for (const role of ROLES) {
    const issued = issueKey();
    await repository.insert({
      keyId: issued.keyId,
      label: `${role} team`,
      role,
      secretHash: issued.secretHash,
      createdAt: '2026-03-04T00:00:00Z',
      createdBy: 'cli',
    });
    keys[role] = { keyId: issued.keyId, key: issued.key };
  }
  const operator = await startOperator(
    {
      settings: parseConfig(ServiceSettings.extend(OperatorSettingsSchema.shape), {
        ...base,
        OPERATOR_HTTP_PORT: '0',
        AUDIT_ADDRESS_KEY: addressKey,
        AUDIT_EVIDENCE_KEYS: evidenceKeys,
        ...options.env,
      }),
      logger: options.logger ?? silent,
      metrics: createMetrics({ service: 'operator' }),
      clock,
      kafka,
      producer,
      mongo,
    },
    loadPlanningRules(),
  );
  return {
    operator,
    keys: keys as Record<OperatorRole, { keyId: string; key: string }>,
    producer,
    async stop() {
      await operator.stop();
      await audit.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
