import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import { startServiceRecovery, type ServiceContext, type StartedService } from '@kindly/service';
import { createAccountStateRepository } from '@kindly/account-state';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import type { PlanningRules } from '@kindly/rules';
import { publishPlan } from './domain/plan-account.use-case.js';
import type { PlannerEvents } from './domain/ports.js';
import { bankEventHandlers, bankTopics } from './entry-points/bank-events.handlers.js';
import { pipelineEventHandlers, pipelineTopics } from './entry-points/pipeline-events.handlers.js';
import { campaignEventHandlers, campaignTopics } from './entry-points/campaign-events.handlers.js';
import type { PlannerSettings } from './planner-settings.js';

/** The planner's copy of the accounts: every deployment keeps it, whatever else it hosts. */
export const PLANNER_ACCOUNTS = 'accounts';

/** Wires the planner: the composition root's body, shared by `main.ts` and the tests. */
export async function startPlanner(
  context: ServiceContext<PlannerSettings>,
  rules: PlanningRules,
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const publisher = createEventPublisher(
    producer,
    bindTopics(['outreach.planned', 'outreach.suppressed', 'outreach.cancelled'], prefix),
  );
  const events: PlannerEvents = {
    async publish(list) {
      for (const event of list) {
        // One publish per type: each goes to its own topic.
        if (event.type === 'outreach.planned') await publisher.publish('outreach.planned', [event]);
        else if (event.type === 'outreach.suppressed')
          await publisher.publish('outreach.suppressed', [event]);
        else await publisher.publish('outreach.cancelled', [event]);
      }
    },
  };
  const log = createOutreachLogRepository(mongo.db);
  const store = createAccountStateRepository(mongo.db, PLANNER_ACCOUNTS);
  const deps = { rules, store, log, events, clock };
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'planner',
    groupId: `${prefix}planner`,
    bindings: bindTopics([...bankTopics, ...pipelineTopics, ...campaignTopics], prefix),
    handlers: {
      ...bankEventHandlers(deps),
      ...pipelineEventHandlers(deps),
      ...campaignEventHandlers(deps),
    },
    ...(settings.PLANNER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.PLANNER_SESSION_TIMEOUT_MS }
      : {}),
  });
  // Plans claimed and not published (a crash, a broker outage) go out even if the account's
  // events never come again.
  const recovery = startServiceRecovery(context, 'planner-plans', {
    stale: (before, limit) => log.unpublishedBefore(before, limit),
    oldest: () => log.oldestUnpublished(),
    recover: (plan) => publishPlan(deps, plan),
  });
  return {
    isReady: () => consumer.isReady() && recovery.isHealthy(),
    async stop() {
      await recovery.stop();
      await consumer.stop();
    },
  };
}
