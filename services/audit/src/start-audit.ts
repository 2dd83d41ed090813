import { bindTopics, startConsumer } from '@kindly/kafka';
import { startClockLoop, type ServiceContext, type StartedService } from '@kindly/service';
import { createAnchorRepository } from './data-access/anchors.repository.js';
import { createAuditRecordRepository } from './data-access/audit-records.repository.js';
import { createEvidenceRepository } from './data-access/evidence.repository.js';
import { addressKeyer } from './domain/address-keys.js';
import { createRetentionRepository } from './data-access/retention.repository.js';
import { anchorPeriods } from './domain/anchor-periods.use-case.js';
import { expireAccounts } from './domain/expire-accounts.use-case.js';
import { loadRetentionPolicy } from './domain/retention-policy.js';
import { parseKeyEncryptionKeys } from './domain/evidence-cipher.js';
import type { RecordEventDeps } from './domain/record-event.use-case.js';
import { auditHandlers, auditTopics } from './entry-points/audit-events.handlers.js';
import type { AuditSettings } from './audit-settings.js';

// Accounts examined per retention round; a full round runs again at once.
const RETENTION_ACCOUNTS_PER_ROUND = 500;

/** Wires the audit service: the composition root's body, shared by `main.ts` and the tests. */
export async function startAudit(context: ServiceContext<AuditSettings>): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const deps: RecordEventDeps = {
    store: createAuditRecordRepository(mongo.db),
    evidence: createEvidenceRepository(mongo.db),
    addressKey: addressKeyer(settings.AUDIT_ADDRESS_KEY),
    evidenceKeys: parseKeyEncryptionKeys(
      settings.AUDIT_EVIDENCE_KEYS,
      settings.AUDIT_EVIDENCE_ACTIVE_KEY,
    ),
    // Wall time, not the business clock: anchors are periods of when records were kept.
    recordedNow: () => new Date(),
  };
  const anchors = createAnchorRepository(mongo.db);
  // Read at start: a retention class that does not parse stops the service, not the job.
  const retentionPolicy = loadRetentionPolicy();
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'audit',
    groupId: `${prefix}audit`,
    bindings: bindTopics(auditTopics, prefix),
    handlers: auditHandlers(deps),
    ...(settings.AUDIT_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.AUDIT_SESSION_TIMEOUT_MS }
      : {}),
  });
  const loop = startClockLoop({
    name: 'audit-anchors',
    clock: context.clock,
    logger,
    intervalMs: settings.AUDIT_ANCHOR_INTERVAL_MS,
    round: async () => {
      const round = await anchorPeriods(
        anchors,
        {
          periodMinutes: settings.AUDIT_ANCHOR_PERIOD_MINUTES,
          graceMs: settings.AUDIT_ANCHOR_GRACE_SECONDS * 1_000,
          perRound: 24,
        },
        Date.now(),
      );
      if (round.anchored > 0) logger.info({ anchored: round.anchored }, 'periods anchored');
      return { full: round.full };
    },
  });
  const retention =
    settings.AUDIT_RETENTION_INTERVAL_MS > 0
      ? startClockLoop({
          name: 'audit-retention',
          clock: context.clock,
          logger,
          intervalMs: settings.AUDIT_RETENTION_INTERVAL_MS,
          round: async () => {
            const round = await expireAccounts(
              {
                store: deps.store,
                recordedNow: deps.recordedNow,
                retention: createRetentionRepository(mongo.db),
                policy: retentionPolicy,
              },
              Date.now(),
              RETENTION_ACCOUNTS_PER_ROUND,
            );
            if (round.expired.length > 0) {
              logger.info({ expired: round.expired.length, held: round.held }, 'retention applied');
            }
            return { full: round.examined >= RETENTION_ACCOUNTS_PER_ROUND };
          },
        })
      : undefined;
  return {
    isReady: () => consumer.isReady() && loop.isHealthy() && (retention?.isHealthy() ?? true),
    async stop() {
      await retention?.stop();
      await loop.stop();
      await consumer.stop();
    },
  };
}
