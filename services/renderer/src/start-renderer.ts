import { ownAccountCopy, type AccountCopy } from '@kindly/account-state';
import { ConfigError } from '@kindly/config';
import { bindTopics, createEventPublisher, startConsumer } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import type { ServiceContext, StartedService } from '@kindly/service';
import { createContactHistoryRepository } from './data-access/contact-history.repository.js';
import { bankEventHandlers } from './entry-points/bank-events.handlers.js';
import { contactHandlers, contactTopics } from './entry-points/delivery-outcome.handler.js';
import { releasedHandlers, releasedTopics } from './entry-points/outreach-released.handler.js';
import { createHandlebarsRenderer } from './rendering/handlebars.renderer.js';
import { createRenderAlerts } from './rendering/render-alerts.js';
import { loadSenderDirectory, sendersFileIn } from './rendering/sender-directory.js';
import { loadTemplateCatalog, type TemplateCatalog } from './rendering/template-catalog.js';
import { createUnsubscribeLinks } from './rendering/unsubscribe-links.js';
import type { RendererSettings } from './renderer-settings.js';
import type { SenderDirectory } from './domain/ports.js';

/** The renderer's own copy of the accounts (see @kindly/account-state). */
export const RENDERER_ACCOUNTS = 'renderer-accounts';

export interface RendererOptions {
  /** The host's copy of the accounts (`kindly run all`); else the renderer folds its own. */
  readonly accountCopy?: AccountCopy;
}

/**
 * The countries the policy has rules for that a tenant has no sender profile for, as problems to
 * report at start: a customer there would otherwise get another country's phone and payment
 * details, or no message at all.
 */
export function senderCoverageProblems(
  senders: SenderDirectory,
  policyJurisdictions: Iterable<string>,
  file: string,
): string[] {
  const jurisdictions = [...policyJurisdictions].filter((key) => key !== 'default');
  return senders
    .uncovered(jurisdictions)
    .map(
      ({ tenantId, country }) =>
        `${file}: tenant ${tenantId} has no sender profile for jurisdiction ${country}, which the contact policy covers (${jurisdictions.filter((j) => j.startsWith(country)).join(', ')})`,
    );
}

/**
 * Wires the renderer: the composition root's body, shared by `main.ts` and the tests.
 *
 * @throws ConfigError (exit 78) when senders.yaml does not cover a jurisdiction of the policy
 */
export async function startRenderer(
  context: ServiceContext<RendererSettings>,
  rules: Pick<PlanningRules, 'strategies' | 'policy'>,
  catalog: TemplateCatalog = loadTemplateCatalog(context.settings.RENDERER_TEMPLATES_DIR),
  options: RendererOptions = {},
): Promise<StartedService> {
  const { settings, kafka, producer, mongo, logger, metrics, clock } = context;
  const sendersFile = sendersFileIn(catalog.dir);
  const senders = loadSenderDirectory(sendersFile, settings.RENDERER_FALLBACK_SENDER);
  const uncovered = senderCoverageProblems(senders, rules.policy.jurisdictions.keys(), sendersFile);
  if (uncovered.length > 0) throw new ConfigError(uncovered);
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const copy = options.accountCopy ?? ownAccountCopy(mongo.db, RENDERER_ACCOUNTS);
  const store = copy.store;
  const contacts = createContactHistoryRepository(mongo.db);
  const publisher = createEventPublisher(producer, bindTopics(['outreach.rendered'], prefix));
  const consumer = await startConsumer({
    kafka,
    producer,
    logger,
    metrics: metrics.consumer,
    service: 'renderer',
    groupId: `${prefix}renderer`,
    bindings: bindTopics([...copy.topics, ...contactTopics, ...releasedTopics], prefix),
    handlers: {
      ...bankEventHandlers(store),
      ...contactHandlers(contacts),
      ...releasedHandlers({
        store,
        contacts,
        templates: { assertsOf: (templateId, locale) => catalog.get(templateId, locale).asserts },
        strategies: rules.strategies,
        senders,
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
