import pLimit from 'p-limit';
import { ownAccountCopy, type AccountCopy } from '@kindly/account-state';
import { systemClock, type Clock } from '@kindly/clock';
import { bindTopics, createEventPublisher, defaultRetryPolicy, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import { ConfigError } from '@kindly/config';
import { startServiceRecovery, type ServiceContext, type StartedService } from '@kindly/service';
import { buildChannels } from './channels/build-channels.js';
import { createRndHttpDatabase } from './channels/rnd-http.reassigned-numbers.js';
import { CircuitBreaker } from './resilience/circuit-breaker.js';
import { guardedNumberDatabase } from './resilience/guarded-number-database.js';
import type { GuardObserver } from './resilience/guarded-sender.js';
import { createDispatchRepository } from './data-access/dispatches.repository.js';
import { createNumberCheckRepository } from './data-access/number-checks.repository.js';
import { createDispatcherMetrics } from './dispatcher-metrics.js';
import {
  dispatcherSettingsConflicts,
  reassignedCheckProblems,
  type DispatcherSettings,
} from './dispatcher-settings.js';
import { recoverDispatch } from './domain/dispatch-rendered.use-case.js';
import type { DispatchChannels, DispatcherEvents, NumberCheckDeps } from './domain/ports.js';
import { dispatcherHandlers, dispatcherOwnTopics } from './entry-points/dispatcher.handlers.js';
import { accountsAtOnce } from './messages-at-once.js';

export const DISPATCHER_ACCOUNTS = 'dispatcher-accounts';

export interface DispatcherOptions {
  /** Leases run on this clock; the system clock unless a test moves time itself. */
  readonly wallClock?: Clock;
  /** This replica's name on its claims and print batches; INSTANCE_ID or a random one. */
  readonly owner?: string;
  /** Channels to use instead of those the settings describe (benchmarks). */
  readonly channels?: DispatchChannels;
  /** What to do right after a provider call, before recording (the crash tests' hook). */
  readonly afterProviderCall?: (channel: 'sms' | 'email' | 'letter') => void;
  /** The host's copy of the accounts (`kindly run all`); else the dispatcher folds its own. */
  readonly accountCopy?: AccountCopy;
}

/** Wires the dispatcher: the composition root's body, shared by `main.ts` and the tests. */
export async function startDispatcher(
  context: ServiceContext<DispatcherSettings>,
  rules: PlanningRules,
  options: DispatcherOptions = {},
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const conflicts = [
    ...dispatcherSettingsConflicts(settings),
    ...reassignedCheckProblems(settings, rules.policy.reassignedNumbers?.requiredFor ?? []),
  ];
  if (conflicts.length > 0) throw new ConfigError(conflicts);
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const instance = settings.INSTANCE_ID ?? `dispatcher-${crypto.randomUUID()}`;
  // A claim's owner is this process, not this name: a restarted replica must see its dead
  // self's claims as someone else's, to reconcile them rather than take them for its own.
  const owner = options.owner ?? `${instance}:${crypto.randomUUID()}`;
  const wallClock = options.wallClock ?? systemClock;
  const dispatcherMetrics = createDispatcherMetrics(metrics.registry);
  const built = options.channels
    ? { channels: options.channels, close: async () => {} }
    : await buildChannels(settings, {
        instance,
        owner,
        clock,
        wallClock,
        observer: dispatcherMetrics.guard,
      });
  const publisher = createEventPublisher(
    producer,
    bindTopics(['delivery.outcome', 'contact.consent', 'contact.unreachable'], prefix),
  );
  const events: DispatcherEvents = {
    publishOutcomes: (list) => publisher.publish('delivery.outcome', list),
    publishConsents: (list) => publisher.publish('contact.consent', list),
    publishUnreachable: (list) => publisher.publish('contact.unreachable', list),
  };
  const copy = options.accountCopy ?? ownAccountCopy(mongo.db, DISPATCHER_ACCOUNTS);
  const deps = {
    store: createDispatchRepository(mongo.db, {
      owner,
      leaseMs: settings.DISPATCHER_CLAIM_LEASE_MS,
      wallClock,
    }),
    accounts: copy.store,
    channels: built.channels,
    events,
    rules,
    clock,
    wallClock,
    owner,
    leaseMs: settings.DISPATCHER_CLAIM_LEASE_MS,
    maxAttempts: settings.DISPATCHER_MAX_ATTEMPTS,
    observe: (channel: string, outcome: string) => dispatcherMetrics.observe(channel, outcome),
    ...(options.afterProviderCall ? { afterProviderCall: options.afterProviderCall } : {}),
    ...reassignedNumbers(context, rules.policy, dispatcherMetrics.guard),
    // As many e-mails at once as the SMTP pool has connections (dispatch-rendered.use-case.ts).
    emailTurn: emailTurns(settings.SMTP_POOL_SIZE),
  };
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'dispatcher',
    groupId: `${prefix}dispatcher`,
    bindings: bindTopics([...dispatcherOwnTopics, ...copy.topics], prefix),
    retry: { ...defaultRetryPolicy, retryTopicDelaysMs: settings.DISPATCHER_RETRY_DELAYS_MS },
    accountsAtOnce: accountsAtOnce(settings),
    ...(settings.DISPATCHER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.DISPATCHER_SESSION_TIMEOUT_MS }
      : {}),
    handlers: dispatcherHandlers(deps),
  });
  // Claims whose owner died, and records a crash left unsettled, are finished once their lease
  // has run out, even if Kafka never brings the message again (it was committed, or it went
  // through the retry topic while the lease was held).
  const recovery = startServiceRecovery(
    context,
    'dispatcher-claims',
    {
      stale: (before, limit) => deps.store.pendingBefore(before, limit),
      oldest: () => deps.store.oldestPending(),
      recover: async (record) => {
        const outcome = await recoverDispatch(deps, record);
        if (outcome !== 'left' && record.rendered) {
          deps.observe(record.rendered.payload.channel, outcome);
        }
      },
    },
    wallClock,
  );
  return {
    isReady: () => consumer.isReady() && recovery.isHealthy(),
    async stop() {
      // Nothing is sent after the consumer stopped: then the open print batch is sealed.
      try {
        await recovery.stop();
        await consumer.stop();
      } finally {
        await built.close();
      }
    },
  };
}

/**
 * The reassigned-numbers check, when the settings name the database. Without them the policy
 * wants no check, or DISPATCHER_REASSIGNED_CHECK=off says another system makes it (checked at
 * start: reassignedCheckProblems), which is said at start.
 */
function reassignedNumbers(
  context: ServiceContext<DispatcherSettings>,
  policy: PlanningRules['policy'],
  observer: GuardObserver,
): { numbers?: NumberCheckDeps } {
  const { settings, mongo, logger } = context;
  if (settings.RND_API_BASE_URL === undefined || settings.RND_API_TOKEN === undefined) {
    if (policy.reassignedNumbers) {
      logger.warn(
        { requiredFor: policy.reassignedNumbers.requiredFor },
        'DISPATCHER_REASSIGNED_CHECK=off: texts the policy wants checked against the reassigned-numbers database go unchecked here',
      );
    }
    return {};
  }
  return {
    numbers: {
      database: guardedNumberDatabase(
        createRndHttpDatabase({
          baseUrl: settings.RND_API_BASE_URL,
          token: settings.RND_API_TOKEN,
          timeoutMs: settings.DISPATCHER_PROVIDER_TIMEOUT_MS,
        }),
        new CircuitBreaker(
          settings.DISPATCHER_BREAKER_FAILURES,
          settings.DISPATCHER_BREAKER_OPEN_MS,
        ),
        observer,
      ),
      store: createNumberCheckRepository(mongo.db, settings.RND_API_TOKEN),
    },
  };
}

/** Runs at most `connections` e-mails' claim and send at once; the rest wait unclaimed. */
function emailTurns(connections: number): <T>(work: () => Promise<T>) => Promise<T> {
  const limit = pLimit(connections);
  return (work) => limit(work);
}
