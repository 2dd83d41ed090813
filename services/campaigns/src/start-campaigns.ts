import { createAccountPages, createAccountStateRepository } from '@kindly/account-state';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import { startClockLoop, type ServiceContext, type StartedService } from '@kindly/service';
import type { CampaignsSettings } from './campaigns-settings.js';
import { beyondStateFacts } from './data-access/beyond-state.js';
import { createLastContactsRepository } from './data-access/contacts.repository.js';
import { createExposuresRepository } from './data-access/exposures.repository.js';
import { createCampaignMessagesRepository } from './data-access/campaign-messages.repository.js';
import { createPaymentsRepository } from './data-access/payments.repository.js';
import { createLaunchesRepository } from './data-access/launches.repository.js';
import { campaignsHandlers, campaignsTopics } from './entry-points/campaign-events.handlers.js';
import { pausedByItsBreaker } from './launch/launch.js';
import { launchRound } from './launch/launch-round.use-case.js';
import { signReference } from './attribution/index.js';
import { breakerAlert, pausedByBreakerGauge } from './reach/breaker-alert.js';

/** The campaigns service's own copy of each account, which its launches walk. */
export const CAMPAIGN_ACCOUNTS = 'campaign-accounts';

/** Wires the campaigns service: the composition root's body, shared by `main.ts` and the tests. */
export interface CampaignsOptions {
  /** Called between handing a page over and moving the cursor (the crash test's hook). */
  readonly afterPublish?: () => void;
}

export async function startCampaigns(
  context: ServiceContext<CampaignsSettings>,
  rules: PlanningRules,
  options: CampaignsOptions = {},
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const accounts = createAccountStateRepository(mongo.db, CAMPAIGN_ACCOUNTS);
  const lastContacts = createLastContactsRepository(mongo.db);
  const exposures = createExposuresRepository(mongo.db);
  const launches = createLaunchesRepository(mongo.db);
  pausedByBreakerGauge(
    metrics.registry,
    async () => (await launches.paused()).filter(pausedByItsBreaker).length,
  );
  const publisher = createEventPublisher(
    producer,
    bindTopics(['campaign.offer', 'outreach.cancelled'], prefix),
  );
  const messages = createCampaignMessagesRepository(mongo.db);
  // The first key signs; every key listed still verifies (rotation).
  const signingKey = settings.CAMPAIGNS_REFERENCE_KEYS?.[0];
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'campaigns',
    groupId: `${prefix}campaigns`,
    bindings: bindTopics(campaignsTopics, prefix),
    handlers: campaignsHandlers({
      accounts,
      lastContacts,
      messages,
      payments: createPaymentsRepository(mongo.db),
      addReach: (campaignId, field) => launches.addReach(campaignId, field),
      referenceKeys: settings.CAMPAIGNS_REFERENCE_KEYS ?? [],
      exposuresOf: (tenantId, accountId) => exposures.ofAccount(tenantId, accountId),
    }),
    ...(settings.CAMPAIGNS_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.CAMPAIGNS_SESSION_TIMEOUT_MS }
      : {}),
  });
  const deps = {
    launches,
    onBreakerTrip: breakerAlert(metrics.registry, logger),
    accounts: createAccountPages(mongo.db, CAMPAIGN_ACCOUNTS),
    beyond: beyondStateFacts(rules.strategies, exposures, lastContacts),
    exposures,
    offers: { publish: (events) => publisher.publish('campaign.offer', events) },
    cancellations: { publish: (events) => publisher.publish('outreach.cancelled', events) },
    ...(signingKey ? { signReference: (fields) => signReference(fields, signingKey) } : {}),
    waiting: {
      of: (campaignId, limit) => messages.waitingOf(campaignId, limit),
      markWithdrawn: (ids) => messages.markWithdrawn(ids),
    },
    pageSize: settings.CAMPAIGNS_PAGE_SIZE,
    ...(options.afterPublish ? { afterPublish: options.afterPublish } : {}),
  } satisfies Parameters<typeof launchRound>[0];
  // The launches walk on the service's clock: the throttle counts its seconds and days.
  const loop = startClockLoop({
    name: 'campaign-launches',
    clock,
    logger,
    intervalMs: settings.CAMPAIGNS_ROUND_INTERVAL_MS,
    round: async (now) => {
      const round = await launchRound(deps, now.toJSDate());
      if (round.handedOff > 0) logger.debug({ handedOff: round.handedOff }, 'launch round');
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
