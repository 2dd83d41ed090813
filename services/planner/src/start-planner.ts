import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { ServiceContext, StartedService } from '@kindly/service';
import { createAccountStateRepository } from '@kindly/account-state';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import type { PlanningRules } from '@kindly/rules';
import type { PlannerEvents } from './domain/ports.js';
import { bankEventHandlers, bankTopics } from './entry-points/bank-events.handlers.js';
import { pipelineEventHandlers, pipelineTopics } from './entry-points/pipeline-events.handlers.js';
import type { PlannerSettings } from './planner-settings.js';

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
  const deps = {
    rules,
    store: createAccountStateRepository(mongo.db),
    log: createOutreachLogRepository(mongo.db),
    events,
    clock,
  };
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'planner',
    groupId: `${prefix}planner`,
    bindings: bindTopics([...bankTopics, ...pipelineTopics], prefix),
    handlers: { ...bankEventHandlers(deps), ...pipelineEventHandlers(deps) },
    ...(settings.PLANNER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.PLANNER_SESSION_TIMEOUT_MS }
      : {}),
  });
  return { isReady: () => consumer.isReady(), stop: () => consumer.stop() };
}
