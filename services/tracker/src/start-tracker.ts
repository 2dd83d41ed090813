import { createAccountStateRepository } from '@kindly/account-state';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import { startServiceRecovery, type ServiceContext, type StartedService } from '@kindly/service';
import {
  createContactDirectory,
  TRACKER_ACCOUNTS,
} from './data-access/contact-directory.repository.js';
import { createDeliveryRepository } from './data-access/deliveries.repository.js';
import { createPaymentClicks } from './data-access/payment-clicks.repository.js';
import { loadPaymentLinkRoutes } from './data-access/payment-link-routes.js';
import { createReplyTaskStore } from './data-access/reply-tasks.repository.js';
import { loadSendingNumbers } from './data-access/sending-numbers.js';
import { createSmsOptOutRegistry } from './data-access/sms-opt-outs.repository.js';
import { createSoftBounceLog } from './data-access/soft-bounces.repository.js';
import type { TrackerEvents } from './domain/ports.js';
import { pendingClickRecovery } from './domain/record-click.use-case.js';
import { defaultSmsReplies, type SmsReplyTexts } from './domain/sms-replies.js';
import { startHttpServer } from './entry-points/http-server.js';
import { createInboundMailMetrics } from './entry-points/inbound-mail-metrics.js';
import { startSmtpBounceListener } from './entry-points/smtp-bounce-listener.js';
import { trackerHandlers, trackerTopics } from './entry-points/tracker-events.handlers.js';
import { createTwilioWebhookAuth } from './entry-points/twilio-webhook-auth.js';
import type { TrackerSettings } from './tracker-settings.js';

export interface TrackerOptions {
  /** What the tracker texts back to STOP, START and HELP; the shipped wording by default. */
  readonly replies?: SmsReplyTexts;
}

export interface StartedTracker extends StartedService {
  /** The HTTP API's port (useful when the setting is 0). */
  readonly httpPort: number;
  /** The SMTP bounce listener's port, when it runs. */
  readonly smtpPort: number | undefined;
}

/** Wires the tracker: the composition root's body, shared by `main.ts` and the tests. */
export async function startTracker(
  context: ServiceContext<TrackerSettings>,
  options: TrackerOptions = {},
): Promise<StartedTracker> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const deliveries = createDeliveryRepository(mongo.db);
  const directory = createContactDirectory(mongo.db);
  const accounts = createAccountStateRepository(mongo.db, TRACKER_ACCOUNTS);
  const numbers = loadSendingNumbers(settings.TRACKER_SENDERS_FILE);
  const paymentLinkRoutes = loadPaymentLinkRoutes(
    settings.TRACKER_SENDERS_FILE,
    settings.RENDERER_FALLBACK_SENDER,
  );
  const tasks = createReplyTaskStore(mongo.db);
  const optOuts = createSmsOptOutRegistry(mongo.db, settings.TRACKER_UNSUBSCRIBE_SECRET);
  const publisher = createEventPublisher(
    producer,
    bindTopics(['delivery.outcome', 'contact.consent', 'contact.unreachable'], prefix),
  );
  const events: TrackerEvents = {
    publishOutcomes: (list) => publisher.publish('delivery.outcome', list),
    publishConsents: (list) => publisher.publish('contact.consent', list),
    publishUnreachable: (list) => publisher.publish('contact.unreachable', list),
  };
  const bounces = {
    deliveries,
    directory,
    events,
    bounceLocalPart: settings.TRACKER_BOUNCE_LOCAL_PART,
    softBounces: createSoftBounceLog(mongo.db, settings.TRACKER_UNSUBSCRIBE_SECRET),
    softBounceRule: {
      limit: settings.TRACKER_SOFT_BOUNCE_LIMIT,
      days: settings.TRACKER_SOFT_BOUNCE_DAYS,
    },
  };
  const unsubscribe = {
    deliveries,
    directory,
    events,
    secret: settings.TRACKER_UNSUBSCRIBE_SECRET,
    tasks,
  };
  const mail = {
    bounces,
    unsubscribe,
    unsubscribeLocalPart: settings.TRACKER_UNSUBSCRIBE_LOCAL_PART,
    feedbackLocalPart: settings.TRACKER_FEEDBACK_LOCAL_PART,
  };
  const mailMetrics = createInboundMailMetrics(metrics.registry);
  const clicks = createPaymentClicks(mongo.db);

  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'tracker',
    groupId: `${prefix}tracker`,
    bindings: bindTopics(trackerTopics, prefix),
    handlers: trackerHandlers({ deliveries, accounts }),
    ...(settings.TRACKER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.TRACKER_SESSION_TIMEOUT_MS }
      : {}),
  });
  const http = await startHttpServer(
    {
      logger,
      twilio: {
        auth: createTwilioWebhookAuth(
          settings.TRACKER_TWILIO_AUTH_TOKEN,
          settings.TRACKER_PUBLIC_BASE_URL,
        ),
        outcomes: { deliveries, events, directory },
        inbound: {
          directory,
          optOuts,
          events,
          replies: options.replies ?? defaultSmsReplies,
          numbers,
          tasks,
        },
        clock,
        logger,
      },
      bounces: {
        mail,
        metrics: mailMetrics,
        token: settings.TRACKER_BOUNCE_TOKEN,
        clock,
        logger,
      },
      unsubscribe: {
        unsubscribe,
        paths: settings.TRACKER_UNSUBSCRIBE_PATHS,
        clock,
        logger,
      },
      paymentLinks: {
        follow: { deliveries, clicks, events },
        routes: paymentLinkRoutes,
        clock,
        logger,
      },
    },
    { host: settings.TRACKER_HTTP_HOST, port: settings.TRACKER_HTTP_PORT },
  );
  const smtp =
    settings.TRACKER_SMTP_PORT === undefined
      ? undefined
      : await startSmtpBounceListener(
          { mail, metrics: mailMetrics, clock, logger },
          { host: settings.TRACKER_SMTP_HOST, port: settings.TRACKER_SMTP_PORT },
        );
  // Clicks recorded and not published (a crash, a broker outage): published as first recorded.
  const recovery = startServiceRecovery(
    context,
    'tracker-payment-clicks',
    pendingClickRecovery({ clicks, events }),
  );
  logger.info(
    {
      httpPort: http.port,
      smtpPort: smtp?.port,
      paymentLinkPaths: paymentLinkRoutes.map((route) => route.path),
    },
    'tracker listening',
  );
  return {
    httpPort: http.port,
    smtpPort: smtp?.port,
    isReady: () => consumer.isReady() && recovery.isHealthy(),
    async stop() {
      // Providers first (no new reports), then the clicks' recovery, then the consumer.
      await smtp?.close();
      await http.close();
      await recovery.stop();
      await consumer.stop();
    },
  };
}
