import { createAccountStateRepository } from '@kindly/account-state';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import {
  startClockLoop,
  startServiceRecovery,
  type ServiceContext,
  type StartedService,
} from '@kindly/service';
import { Duration } from 'luxon';
import { createTaskRepository } from './data-access/agent-tasks.repository.js';
import { createMessageRepository } from './data-access/escalation-messages.repository.js';
import { createEventOutbox, producedTopics } from './data-access/event-outbox.repository.js';
import { contractTakesCallOutcomes } from './domain/call-events.js';
import { checkDue } from './domain/check-due.use-case.js';
import type { EscalationDeps } from './domain/escalation-deps.js';
import { escalationHandlers, escalationTopics } from './entry-points/escalation-events.handlers.js';
import type { EscalationSettings } from './escalation-settings.js';

/** The service's own copy of each account's state (folded from the bank's events). */
export const ESCALATION_ACCOUNTS = 'escalation-accounts';

/**
 * Wires the escalation service: the composition root's body, shared by `main.ts` and the tests.
 * It opens no HTTP door of its own: agents work their tasks through the operator API, behind
 * their own keys, which hosts the desk's use cases (`createAgentDesk`) over this service's stores.
 */
export async function startEscalation(
  context: ServiceContext<EscalationSettings>,
  rules: PlanningRules,
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const publisher = createEventPublisher(producer, bindTopics(producedTopics, prefix));
  const accountStore = createAccountStateRepository(mongo.db, ESCALATION_ACCOUNTS);
  const outbox = createEventOutbox(mongo.db, publisher);
  const deps: EscalationDeps = {
    rules,
    messages: createMessageRepository(mongo.db),
    accounts: accountStore,
    tasks: createTaskRepository(mongo.db),
    outbox,
    taskHorizon: Duration.fromObject({ days: settings.ESCALATION_TASK_HORIZON_DAYS }),
  };
  if (!contractTakesCallOutcomes()) {
    logger.warn(
      {},
      'delivery.outcome v1 has no agent-call channel: reported calls are kept on their tasks and counted here, not published as delivery outcomes',
    );
  }
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'escalation',
    groupId: `${prefix}escalation`,
    bindings: bindTopics(escalationTopics, prefix),
    handlers: escalationHandlers({ ...deps, accountStore, clock }),
    ...(settings.ESCALATION_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.ESCALATION_SESSION_TIMEOUT_MS }
      : {}),
  });
  const loop = startClockLoop({
    name: 'escalation-waits',
    clock,
    logger,
    intervalMs: settings.ESCALATION_POLL_INTERVAL_MS,
    round: async (now) => {
      const round = await checkDue(deps, now, settings.ESCALATION_BATCH_SIZE);
      if (round.escalated > 0) logger.info({ escalated: round.escalated }, 'waits escalated');
      return { full: round.checked >= settings.ESCALATION_BATCH_SIZE };
    },
  });
  // Events decided and stored, not published (a crash, a broker outage): published as decided.
  const recovery = startServiceRecovery(context, 'escalation-outbox', outbox.recovery);
  return {
    isReady: () => consumer.isReady() && loop.isHealthy() && recovery.isHealthy(),
    async stop() {
      // The outbox's recovery and the timers first (nothing new decided), then the consumer.
      await recovery.stop();
      await loop.stop();
      await consumer.stop();
    },
  };
}
