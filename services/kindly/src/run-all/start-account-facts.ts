import {
  accountStateHandlers,
  bankTopics,
  createAccountStateRepository,
  hostedAccountCopy,
  type AccountCopy,
} from '@kindly/account-state';
import { bindTopics, startConsumer } from '@kindly/kafka';
import { SCHEDULER_ACCOUNTS } from '@kindly/scheduler';
import type { ServiceContext, StartedService } from '@kindly/service';
import { seedAccountFacts } from './seed-account-facts.js';
import type { AllSettings } from './start-all.js';

/**
 * The one fold of the bank's events that the scheduler, the renderer and the dispatcher read when
 * one process hosts them (see AccountCopy): its consumer group and its collection are its own,
 * named for what they keep; replicas of the process share them as replicas of a service do.
 * Hosted, the three services' groups read fewer topics than alone: kafkajs assigns a group's
 * partitions by its leader's subscription, so a group must not mix the two (services/README.md).
 */
export const ACCOUNT_FACTS = 'account-facts';
/** How the fold took over the scheduler's copy, if it did (seed-account-facts.ts). */
export const ACCOUNT_FACTS_SEED = 'account-facts-seed';

export interface AccountFacts extends StartedService {
  readonly copy: AccountCopy;
}

export async function startAccountFacts(
  context: ServiceContext<AllSettings>,
): Promise<AccountFacts> {
  const { settings, kafka, producer, mongo, logger, metrics } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const groupId = `${prefix}${ACCOUNT_FACTS}`;
  const seeded = await seedAccountFacts(kafka, mongo.db, prefix, {
    group: groupId,
    collection: ACCOUNT_FACTS,
    marker: ACCOUNT_FACTS_SEED,
  });
  if (seeded === 'seeded') {
    logger.info({ from: SCHEDULER_ACCOUNTS }, "the shared account copy took over the scheduler's");
  }
  const store = createAccountStateRepository(mongo.db, ACCOUNT_FACTS);
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: ACCOUNT_FACTS,
    groupId,
    bindings: bindTopics(bankTopics, prefix),
    handlers: accountStateHandlers(store),
    ...sessionTimeoutOf(settings),
  });
  return {
    copy: hostedAccountCopy(store),
    isReady: () => consumer.isReady(),
    stop: () => consumer.stop(),
  };
}

/**
 * The shortest session timeout of the services the fold serves: it must hand its partitions over
 * after a crash as soon as they do, or their last looks wait on it. With the default 30 s instead,
 * the fault test saw a restarted process's join wait on its dead self's member; stopped during
 * that wait, kafkajs completed the join after its "Stopped" and consumed on, and the process
 * did not exit.
 */
function sessionTimeoutOf(settings: AllSettings): { sessionTimeoutMs?: number } {
  const given = [
    settings.SCHEDULER_SESSION_TIMEOUT_MS,
    settings.RENDERER_SESSION_TIMEOUT_MS,
    settings.DISPATCHER_SESSION_TIMEOUT_MS,
  ].filter((ms): ms is number => ms !== undefined);
  return given.length > 0 ? { sessionTimeoutMs: Math.min(...given) } : {};
}
