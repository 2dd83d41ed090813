import { bindTopics, startConsumer } from '@kindly/kafka';
import { startClockLoop, type ServiceContext, type StartedService } from '@kindly/service';
import { createAnchorRepository } from './data-access/anchors.repository.js';
import { createAuditRecordRepository } from './data-access/audit-records.repository.js';
import { createEvidenceRepository } from './data-access/evidence.repository.js';
import { addressKeyer } from './domain/address-keys.js';
import { anchorPeriods } from './domain/anchor-periods.use-case.js';
import { parseKeyEncryptionKeys } from './domain/evidence-cipher.js';
import type { RecordEventDeps } from './domain/record-event.use-case.js';
import { auditHandlers, auditTopics } from './entry-points/audit-events.handlers.js';
import type { AuditSettings } from './audit-settings.js';

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
  return {
    isReady: () => consumer.isReady() && loop.isHealthy(),
    async stop() {
      await loop.stop();
      await consumer.stop();
    },
  };
}
