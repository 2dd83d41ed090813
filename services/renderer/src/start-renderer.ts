import { createAccountStateRepository } from '@kindly/account-state';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import type { ServiceContext, StartedService } from '@kindly/service';
import { bankEventHandlers, bankTopics } from './entry-points/bank-events.handlers.js';
import { releasedHandlers, releasedTopics } from './entry-points/outreach-released.handler.js';
import { createHandlebarsRenderer } from './rendering/handlebars.renderer.js';
import { createRenderAlerts } from './rendering/render-alerts.js';
import { loadSenderDirectory, sendersFileIn } from './rendering/sender-directory.js';
import { loadTemplateCatalog, type TemplateCatalog } from './rendering/template-catalog.js';
import { createUnsubscribeLinks } from './rendering/unsubscribe-links.js';
import type { RendererSettings } from './renderer-settings.js';

/** The renderer's own copy of the accounts (see @kindly/account-state). */
export const RENDERER_ACCOUNTS = 'renderer-accounts';

/** Wires the renderer: the composition root's body, shared by `main.ts` and the tests. */
export async function startRenderer(
  context: ServiceContext<RendererSettings>,
  rules: Pick<PlanningRules, 'strategies'>,
  catalog: TemplateCatalog = loadTemplateCatalog(context.settings.RENDERER_TEMPLATES_DIR),
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const store = createAccountStateRepository(mongo.db, RENDERER_ACCOUNTS);
  const publisher = createEventPublisher(producer, bindTopics(['outreach.rendered'], prefix));
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'renderer',
    groupId: `${prefix}renderer`,
    bindings: bindTopics([...bankTopics, ...releasedTopics], prefix),
    handlers: {
      ...bankEventHandlers(store),
      ...releasedHandlers({
        store,
        strategies: rules.strategies,
        senders: loadSenderDirectory(sendersFileIn(catalog.dir), settings.RENDERER_FALLBACK_SENDER),
        renderer: createHandlebarsRenderer({
          catalog,
          smsMaxSegments: settings.RENDERER_SMS_MAX_SEGMENTS,
        }),
        events: { publish: (event) => publisher.publish('outreach.rendered', [event]) },
        alerts: createRenderAlerts(metrics.registry),
        clock,
        unsubscribeUrl: createUnsubscribeLinks(settings.RENDERER_UNSUBSCRIBE_SECRET),
      }),
    },
    ...(settings.RENDERER_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.RENDERER_SESSION_TIMEOUT_MS }
      : {}),
  });
  return { isReady: () => consumer.isReady(), stop: () => consumer.stop() };
}
