import { ownAccountCopy, type AccountCopy } from '@kindly/account-state';
import { systemClock, type Clock } from '@kindly/clock';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import {
  startClockLoop,
  startServiceRecovery,
  type ServiceContext,
  type StartedService,
} from '@kindly/service';
import { Duration } from 'luxon';
import { createScheduleRepository } from './data-access/scheduled-messages.repository.js';
import type { SchedulerEvents } from './domain/ports.js';
import { releaseDue } from './domain/release-due.use-case.js';
import { ReleasePacer, type ReleaseRates } from './domain/release-pacing.js';
import { schedulerHandlers, schedulerOwnTopics } from './entry-points/outreach-events.handlers.js';
import { createSchedulerMetrics } from './scheduler-metrics.js';
import type { SchedulerSettings } from './scheduler-settings.js';

export const SCHEDULER_ACCOUNTS = 'scheduler-accounts';

export interface SchedulerOptions {
  /** Leases run on this clock; the system clock unless a test moves time itself. */
  readonly wallClock?: Clock;
  /** This replica's name on its claims; INSTANCE_ID or a random one by default. */
  readonly owner?: string;
  /** The host's copy of the accounts (`kindly run all`); else the scheduler folds its own. */
  readonly accountCopy?: AccountCopy;
}

/** Wires the scheduler: the composition root's body, shared by `main.ts` and the tests. */
export async function startScheduler(
  context: ServiceContext<SchedulerSettings>,
  rules: PlanningRules,
  options: SchedulerOptions = {},
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const owner = options.owner ?? settings.INSTANCE_ID ?? `scheduler-${crypto.randomUUID()}`;
  const store = createScheduleRepository(mongo.db, {
    owner,
    // An outbox it cannot read (a newer version's event) is named here: its id and a code.
    logger,
    leaseMs: settings.SCHEDULER_LEASE_MS,
    wallClock: options.wallClock ?? systemClock,
  });
  const publisher = createEventPublisher(
    producer,
    bindTopics(['outreach.released', 'outreach.cancelled'], prefix),
  );
  const events: SchedulerEvents = {
    publishReleased: (list) => publisher.publish('outreach.released', list),
    publishCancelled: (list) => publisher.publish('outreach.cancelled', list),
  };
  const copy = options.accountCopy ?? ownAccountCopy(mongo.db, SCHEDULER_ACCOUNTS);
  const accounts = copy.store;
  const schedulerMetrics = createSchedulerMetrics(metrics.registry, clock, (now) =>
    store.countByState(now),
  );
  // The release loop starts after the consumer: a plan due at once before then waits for its
  // first round, which runs at once.
  let nudgeReleases = (): void => {};
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'scheduler',
    groupId: `${prefix}scheduler`,
    bindings: bindTopics([...schedulerOwnTopics, ...copy.topics], prefix),
    handlers: schedulerHandlers({
      store,
      events,
      accounts,
      clock,
      fallbackHold: Duration.fromMillis(settings.SCHEDULER_FALLBACK_HOLD_MS),
      onDue: () => nudgeReleases(),
    }),
    ...(settings.SCHEDULER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.SCHEDULER_SESSION_TIMEOUT_MS }
      : {}),
  });
  const lastLookRules = {
    planning: rules,
    maxDelay: Duration.fromObject({ hours: settings.SCHEDULER_MAX_DELAY_HOURS }),
    // A plan can come a moment before the account's facts it was made from (another topic): a
    // second's wait, then doubling up to a minute for facts far behind.
    awaitAccountRetry: Duration.fromObject({ seconds: 1 }),
    awaitAccountRetryMax: Duration.fromObject({ minutes: 1 }),
  };
  const releaseDeps = {
    rules: lastLookRules,
    store,
    accounts,
    events,
    batchSize: settings.SCHEDULER_BATCH_SIZE,
    pacer: new ReleasePacer(releaseRates(settings)),
    observe: (...args: Parameters<typeof schedulerMetrics.observe>) =>
      schedulerMetrics.observe(...args),
  };
  // The scheduler's other entry point besides Kafka: the passage of time.
  const loop = startClockLoop({
    name: 'scheduler-releases',
    clock,
    logger,
    intervalMs: settings.SCHEDULER_POLL_INTERVAL_MS,
    round: async (now) => {
      const round = await releaseDue(releaseDeps, now);
      if (round.lostClaims > 0) {
        logger.warn({ lostClaims: round.lostClaims }, 'claims taken over by another replica');
      }
      return { full: round.claimed >= settings.SCHEDULER_BATCH_SIZE };
    },
  });
  nudgeReleases = () => loop.nudge();
  // Claims a dead replica left are taken over by the release rounds themselves (expired leases
  // first); this only watches their age, for the metric and the alert, like every service's.
  const claims = startServiceRecovery(
    context,
    'scheduler-claims',
    {
      stale: () => Promise.resolve([]),
      oldest: () => store.oldestClaim(),
      recover: async () => {},
    },
    options.wallClock ?? systemClock,
  );
  return {
    isReady: () => consumer.isReady() && loop.isHealthy() && claims.isHealthy(),
    async stop() {
      await claims.stop();
      await loop.stop();
      await consumer.stop();
    },
  };
}

/** Each channel's release rate: the scheduler's own setting, else the provider's the dispatcher keeps. */
function releaseRates(settings: SchedulerSettings): ReleaseRates {
  const sms = settings.SCHEDULER_SMS_PER_SECOND ?? settings.TWILIO_MPS;
  const email = settings.SCHEDULER_EMAILS_PER_SECOND ?? settings.SMTP_RATE_PER_SECOND;
  return { ...(sms !== undefined ? { sms } : {}), ...(email !== undefined ? { email } : {}) };
}
