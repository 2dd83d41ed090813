import { randomBytes } from 'node:crypto';
import { AuditSettingsSchema, auditTopics, startAudit } from '@kindly/audit';
import { CampaignsSettingsSchema, campaignsTopics, startCampaigns } from '@kindly/campaigns';
import { DispatcherSettingsSchema, dispatcherOwnTopics, startDispatcher } from '@kindly/dispatcher';
import { EscalationSettingsSchema, escalationTopics, startEscalation } from '@kindly/escalation';
import {
  bankTopics,
  campaignTopics,
  pipelineTopics,
  PlannerSettingsSchema,
  startPlanner,
} from '@kindly/planner';
import {
  contactTopics as rendererContactTopics,
  releasedTopics,
  loadTemplateCatalog,
  RendererSettingsSchema,
  startRenderer,
} from '@kindly/renderer';
import { loadPlanningRules, missingHolidayYears, type PlanningRules } from '@kindly/rules';
import { SchedulerSettingsSchema, schedulerOwnTopics, startScheduler } from '@kindly/scheduler';
import { ServiceSettings, type ServiceContext, type StartedService } from '@kindly/service';
import { startTracker, TrackerSettingsSchema, trackerTopics } from '@kindly/tracker';
import { OperatorSettingsSchema, startOperator } from '@kindly/operator';
import type { EventType } from '@kindly/contracts';
import { ACCOUNT_FACTS, startAccountFacts } from './start-account-facts.js';
import { stopTogether, stopTogetherWithin } from './stop-together.js';
import type { z } from 'zod';

/** Every service's settings in one schema: each reads its own prefixed keys. */
export const AllSettingsSchema = ServiceSettings.extend({
  ...PlannerSettingsSchema.shape,
  ...SchedulerSettingsSchema.shape,
  ...RendererSettingsSchema.shape,
  ...TrackerSettingsSchema.shape,
  ...DispatcherSettingsSchema.shape,
  ...EscalationSettingsSchema.shape,
  ...AuditSettingsSchema.shape,
  ...CampaignsSettingsSchema.shape,
  ...OperatorSettingsSchema.shape,
  // The operator API takes the audit's address and evidence keys if given; hosted, they are the
  // audit's, required.
  AUDIT_ADDRESS_KEY: AuditSettingsSchema.shape.AUDIT_ADDRESS_KEY,
  AUDIT_EVIDENCE_KEYS: AuditSettingsSchema.shape.AUDIT_EVIDENCE_KEYS,
});
export type AllSettings = z.infer<typeof AllSettingsSchema>;

/**
 * The secrets a service refuses to start without (the tracker's bounce token, the audit's address
 * key and evidence key). A local run (the demo, `kindly run all`) makes each up, random and per run,
 * when it is not given: what it sealed or keyed cannot be read by another run.
 */
export const LOCAL_SECRETS = [
  'TRACKER_BOUNCE_TOKEN',
  'AUDIT_ADDRESS_KEY',
  'AUDIT_EVIDENCE_KEYS',
] as const;

const makeSecret: Readonly<Record<(typeof LOCAL_SECRETS)[number], () => string>> = {
  TRACKER_BOUNCE_TOKEN: () => randomBytes(32).toString('base64url'),
  AUDIT_ADDRESS_KEY: () => randomBytes(32).toString('base64url'),
  // The evidence keys' form: `id:base64` of 32 bytes.
  AUDIT_EVIDENCE_KEYS: () => `local:${randomBytes(32).toString('base64')}`,
};

/**
 * `env` with every {@link LOCAL_SECRETS} entry that is unset (or empty) made up, and the names of
 * those it made up. The values are never logged: a caller that needs one must set it.
 */
export function withLocalSecrets(env: Readonly<Record<string, string | undefined>>): {
  env: Record<string, string | undefined>;
  generated: (typeof LOCAL_SECRETS)[number][];
} {
  const generated = LOCAL_SECRETS.filter((name) => !env[name]);
  const made = Object.fromEntries(generated.map((name) => [name, makeSecret[name]()]));
  return { env: { ...env, ...made }, generated };
}

export const serviceNames = [
  'planner',
  'scheduler',
  'renderer',
  'dispatcher',
  'tracker',
  'escalation',
  'audit',
  'campaigns',
  'operator',
] as const;
export type ServiceName = (typeof serviceNames)[number];

/**
 * The topics each consumer group of the process reads, by the group's name without the prefix:
 * how many times each record is to be handled. The scheduler, renderer and dispatcher read the
 * bank's events through the one fold they share here (`account-facts`), not each on its own.
 */
export const consumedTopics: Readonly<
  Record<ServiceName | typeof ACCOUNT_FACTS, readonly EventType[]>
> = {
  [ACCOUNT_FACTS]: bankTopics,
  planner: [...bankTopics, ...pipelineTopics, ...campaignTopics],
  scheduler: schedulerOwnTopics,
  renderer: [...rendererContactTopics, ...releasedTopics],
  dispatcher: dispatcherOwnTopics,
  tracker: trackerTopics,
  escalation: escalationTopics,
  audit: auditTopics,
  campaigns: campaignsTopics,
  // The operator API reads no topic: it answers people, and publishes what they did.
  operator: [],
};

export interface AllServices extends StartedService {
  /** The tracker's HTTP port (providers' webhooks, unsubscribe links). */
  readonly trackerPort: number;
  /** The operator API's base URL, where the agents' desk is served, and the console when built. */
  readonly operatorUrl: string;
  /** Whether the operator API serves the console (only when services/console/dist is built). */
  readonly consoleServed: boolean;
}

/**
 * Hosts every service in one process for the demo (`kindly run all`): each keeps its own
 * consumer group, collections and loops, as when it runs alone; they share the process's
 * connections, logger, metrics registry and clock, and the scheduler, renderer and dispatcher
 * share one fold of the bank's events (`account-facts`) instead of each folding its own copy.
 * Started in pipeline order, stopped together.
 */
export async function startAllServices(
  context: ServiceContext<AllSettings>,
  rules: PlanningRules = loadPlanningRules(),
  /** Templates approved through the operator API, by `<channel>/<template id>/<locale>`. */
  approvedTemplates: ReadonlyMap<string, string> = new Map(),
): Promise<AllServices> {
  const started: [ServiceName | typeof ACCOUNT_FACTS, StartedService][] = [];
  const child = (name: ServiceName | typeof ACCOUNT_FACTS) => ({
    ...context,
    logger: context.logger.child({ service: name }),
  });
  // A year without an official holiday schedule decides on a fallback: say so at start.
  for (const { message, ...gap } of missingHolidayYears(rules.policy, context.clock.now())) {
    context.logger.warn(gap, message);
  }
  try {
    const facts = await startAccountFacts(child(ACCOUNT_FACTS));
    started.push([ACCOUNT_FACTS, facts]);
    const accountCopy = facts.copy;
    started.push(['planner', await startPlanner(child('planner'), rules)]);
    started.push(['scheduler', await startScheduler(child('scheduler'), rules, { accountCopy })]);
    const templates = loadTemplateCatalog(
      context.settings.RENDERER_TEMPLATES_DIR,
      approvedTemplates,
    );
    started.push([
      'renderer',
      await startRenderer(child('renderer'), rules, templates, { accountCopy }),
    ]);
    started.push([
      'dispatcher',
      await startDispatcher(child('dispatcher'), rules, { accountCopy }),
    ]);
    const tracker = await startTracker(child('tracker'));
    started.push(['tracker', tracker]);
    started.push(['escalation', await startEscalation(child('escalation'), rules)]);
    started.push(['audit', await startAudit(child('audit'))]);
    started.push(['campaigns', await startCampaigns(child('campaigns'), rules)]);
    const operator = await startOperator(child('operator'), rules);
    started.push(['operator', operator]);
    return {
      trackerPort: tracker.httpPort,
      operatorUrl: operator.url,
      consoleServed: operator.consoleServed,
      isReady: () => started.every(([, service]) => service.isReady()),
      stop: () => stopTogether(started, { onSlow: reportSlowStop(context.logger) }),
    };
  } catch (error) {
    // Under the same deadline as any stop: what did start may hang in its stop too.
    await stopTogetherWithin(started, context.settings.SHUTDOWN_TIMEOUT_MS, context.logger, {
      onSlow: reportSlowStop(context.logger),
    });
    throw error;
  }
}

/** Names the services a stop still waits for: the log line that finds a hang. */
function reportSlowStop(logger: ServiceContext<AllSettings>['logger']) {
  return (stillStopping: readonly string[]) =>
    logger.warn({ stillStopping }, 'services still stopping');
}
