/**
 * The whole pipeline on a simulated clock, as the demo and the end-to-end story test run it:
 * the Twilio stand-in and an SMTP catcher, every service hosted in this process on one
 * ManualClock, an observer reading every topic, and a way to move the clock and wait until the
 * pipeline has done everything that instant asked of it. Topics and database are provisioned by
 * the caller (under `prefix` and `database`).
 */
import { createLaunchesRepository, scheduleDayAt } from '@kindly/campaigns';
import getPort from 'get-port';
import type { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import type { EventType } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import { createLogger, kafkaLogCreator } from '@kindly/logger';
import { connectMongo, type Db, type MongoConnection } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules, type PlanningRules } from '@kindly/rules';
import { SCHEDULED_MESSAGES } from '@kindly/scheduler';
import { startStandIns, type RunningStandIns } from '@kindly/stand-ins';
import type { Registry } from 'prom-client';
import {
  AllSettingsSchema,
  consumedTopics,
  startAllServices,
  type AllServices,
  type AllSettings,
  withLocalSecrets,
} from '../run-all/start-all.js';
import { withKeptAuditKeys } from '../run-all/kept-local-secrets.js';
import { startObserver, type Observed } from './observer.js';
import type { BankEvent } from './portfolio.js';

/** The bank's topics: what a pipeline's caller publishes. */
export const bankTypes = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
] as const satisfies readonly EventType[];

export interface PipelineOptions {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  /** The provisioned database. */
  readonly database: string;
  /** The provisioned topics' prefix. */
  readonly prefix: string;
  /** The simulated clock's first instant. */
  readonly start: DateTime;
  /** Where the print vendor's batches go. */
  readonly letterOutbox: string;
  /** Signs unsubscribe links and hashes addresses; any string for a local run. */
  readonly secret: string;
  readonly logLevel?: AllSettings['LOG_LEVEL'];
  /** Kafka client id and Mongo app name. */
  readonly clientId?: string;
  /**
   * Where the audit's address and evidence keys are kept for the run (made up the first time):
   * the console served over the run later opens sealed content and searches by address with
   * them. Without it they are made up for this process only.
   */
  readonly auditKeysFile?: string;
}

export interface Pipeline {
  readonly clock: ManualClock;
  readonly standIns: RunningStandIns;
  readonly services: AllServices;
  readonly mongo: MongoConnection;
  readonly rules: PlanningRules;
  /** Every record on the observed topics, from the beginning. */
  readonly observed: Observed;
  /** The tracker's base URL (webhooks, unsubscribe links). */
  readonly trackerBase: string;
  /** The audit's anchoring, as its settings have it (to verify the audit at the end). */
  readonly anchoring: { readonly periodMinutes: number; readonly graceMs: number };
  /** Publishes the bank's events, all of one type, in order. */
  publish(events: readonly BankEvent[]): Promise<void>;
  /** Waits until the pipeline has done everything the clock's instant `now` (ms) asks of it. */
  settled(now: number, idleMs?: number): Promise<void>;
  /** Stops the observer, every service, the connections and the stand-ins. */
  stop(): Promise<void>;
}

/**
 * Starts the stand-ins, every service and the observer, and waits until every consumer is in its
 * group: the clock may move as soon as this resolves.
 */
export async function startPipeline(options: PipelineOptions): Promise<Pipeline> {
  const clientId = options.clientId ?? 'kindly-demo';
  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const standIns = await startStandIns({ twilio: { callbackDelayMs: 10 } });
    cleanups.push(() => standIns.stop());
    const trackerPort = await getPort({ host: '127.0.0.1' });
    const trackerBase = `http://127.0.0.1:${trackerPort}`;
    standIns.twilio.setInboundWebhookUrl(`${trackerBase}/twilio/inbound`);
    const smtp = new URL(standIns.urls.smtp);
    const env: Record<string, string> = {
      KAFKA_BROKERS: options.kafkaBrokers.join(','),
      MONGODB_URI: options.mongoUri,
      MONGODB_DATABASE: options.database,
      KAFKA_TOPIC_PREFIX: options.prefix,
      LOG_LEVEL: options.logLevel ?? 'warn',
      SCHEDULER_POLL_INTERVAL_MS: '50',
      RENDERER_UNSUBSCRIBE_SECRET: options.secret,
      DISPATCHER_STATUS_CALLBACK_URL: `${trackerBase}/twilio/status`,
      DISPATCHER_RETRY_DELAYS_MS: '200,500,1000',
      DISPATCHER_LETTER_OUTBOX: options.letterOutbox,
      DISPATCHER_LETTER_BATCH_SIZE: '50',
      TWILIO_ACCOUNT_SID: standIns.twilio.accountSid,
      TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
      TWILIO_FROM: '+15005550006',
      TWILIO_API_BASE_URL: standIns.urls.twilio,
      TWILIO_MPS: '500',
      TWILIO_BURST: '100',
      // Texts to US numbers are checked against the reassigned-numbers database's stand-in.
      RND_API_BASE_URL: standIns.urls.rnd,
      RND_API_TOKEN: standIns.rnd.token,
      // The demo's clock jumps an hour at a time: a release paced a second later would wait for
      // the next jump. Its sends are few enough not to need spreading.
      SCHEDULER_SMS_PER_SECOND: '100000',
      // For the same reason no fallback hold: a fallback held 2 s would go an hour late. The hold
      // is for a consent arriving in the same instant as the overdue event; the portfolio's
      // consents are given at the account's start, before any overdue event, so it never helps.
      SCHEDULER_FALLBACK_HOLD_MS: '0',
      SMTP_HOST: smtp.hostname,
      SMTP_PORT: smtp.port,
      SMTP_IGNORE_TLS: 'true',
      SMTP_POOL_SIZE: '5',
      TRACKER_HTTP_PORT: String(trackerPort),
      TRACKER_HTTP_HOST: '127.0.0.1',
      TRACKER_PUBLIC_BASE_URL: trackerBase,
      TRACKER_TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
      TRACKER_UNSUBSCRIBE_SECRET: options.secret,
      // The campaign's payment links end with a signed reference (a payment made through one
      // would be attributed to its message, campaign and variant).
      CAMPAIGNS_REFERENCE_KEYS: `demo:${options.secret}:campaign-payment-links`,
      ESCALATION_POLL_INTERVAL_MS: '50',
      // During the run on any free port; `--serve` serves the console on a known one after.
      OPERATOR_HTTP_PORT: '0',
    };
    // The bounce token: random for each run (nothing outside the run calls it); the audit's keys
    // too, kept in the run's folder when asked.
    const kept = options.auditKeysFile ? withKeptAuditKeys(env, options.auditKeysFile).env : env;
    const settings = parseConfig(AllSettingsSchema, withLocalSecrets(kept).env);
    const clock = new ManualClock(options.start);
    const logger = createLogger({ service: 'kindly', level: settings.LOG_LEVEL });
    const kafka = createKafka({
      brokers: [...options.kafkaBrokers],
      clientId,
      logCreator: kafkaLogCreator(logger),
    });
    const producer = createProducer(kafka);
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    const mongo = await connectMongo({
      uri: options.mongoUri,
      database: options.database,
      appName: clientId,
    });
    cleanups.push(() => mongo.close());
    const rules = loadPlanningRules();
    const metrics = createMetrics({ service: 'kindly' });
    const services = await startAllServices(
      { settings, logger, metrics, clock, kafka, producer, mongo },
      rules,
    );
    cleanups.push(() => services.stop());
    const observer = await startObserver(kafka, (type) => `${options.prefix}${type}.v1`);
    cleanups.push(() => observer.stop());
    const publisher = createEventPublisher(producer, bindTopics(bankTypes, options.prefix));
    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    // The stand-in's status callbacks answered (the tracker has published what they reported),
    // and the observer has read every observed topic to its end.
    const drained = async () => {
      await standIns.twilio.callbacksSettled(20_000).catch(() => undefined);
      const ends = await Promise.all(observer.topics.map((t) => admin.fetchTopicOffsets(t)));
      return ends.every((partitions, i) =>
        partitions.every(
          (p) =>
            (observer.observed.positions.get(`${observer.topics[i] ?? ''}:${p.partition}`) ?? 0) >=
            Number(p.high),
        ),
      );
    };

    // Every consumer in its group before the clock starts, or the first hours pass unseen.
    await observer.joined;
    const ready = Date.now() + 120_000;
    while (!services.isReady() && Date.now() < ready) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return {
      clock,
      standIns,
      services,
      mongo,
      rules,
      observed: observer.observed,
      trackerBase,
      anchoring: {
        periodMinutes: settings.AUDIT_ANCHOR_PERIOD_MINUTES,
        graceMs: settings.AUDIT_ANCHOR_GRACE_SECONDS * 1_000,
      },
      publish: async (events) => {
        const type = events[0]?.type;
        if (type === undefined) return;
        if (events.some((e) => e.type !== type))
          throw new Error('publish takes events of one type');
        await publisher.publish(type, events);
      },
      settled: (now, idleMs) =>
        settled({
          observed: observer.observed,
          registry: metrics.registry,
          db: mongo.db,
          drained,
          now,
          ...(idleMs === undefined ? {} : { idleMs }),
        }),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * Waits until the pipeline has done everything this instant asked of it: the observer has read
 * every record written so far (to the topics' high watermarks, so that a record just published
 * is counted), every record on every topic handled by every service that consumes it (the
 * services' own consumer metrics against what the observer saw), nothing due left in the
 * scheduler, and no new event for a moment. Capped, so that a stuck record shows as a warning
 * rather than a hang.
 */
export async function settled(input: {
  readonly observed: Observed;
  readonly registry: Registry;
  readonly db: Db;
  /** Whether nothing is on its way: the observer has read every observed topic to its end. */
  readonly drained: () => Promise<boolean>;
  readonly now: number;
  readonly idleMs?: number;
}): Promise<void> {
  const idleMs = input.idleMs ?? 100;
  const limit = Date.now() + 20_000;
  const due = input.db.collection(SCHEDULED_MESSAGES);
  while (Date.now() < limit) {
    const idle = Date.now() - input.observed.lastEventAt;
    const seen = observedCount(input.observed);
    if (
      idle >= idleMs &&
      (await input.drained()) &&
      (await handled(input.registry)) >= expected(input.observed)
    ) {
      const waiting =
        (await due.countDocuments({
          $or: [{ state: 'waiting', dueAt: { $lte: new Date(input.now) } }, { state: 'claimed' }],
        })) + (await launchesWalking(input.db, input.now));
      // A service publishes before its handling counts: once the observer has read to the end
      // again and seen nothing new, everything counted above has had all its consequences.
      if (waiting === 0 && (await input.drained()) && observedCount(input.observed) === seen)
        return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Campaign launches with accounts still to walk at `now` (running, on one of their sending
 * days): the demo's campaign walks its whole segment within the hour it starts, so the hour is
 * not over until it has.
 */
async function launchesWalking(db: Db, now: number): Promise<number> {
  const running = await createLaunchesRepository(db).running();
  return running.filter((launch) => scheduleDayAt(launch.campaign.schedule, new Date(now)).sends)
    .length;
}

function observedCount(observed: Observed): number {
  return [...observed.records.values()].reduce((sum, count) => sum + count, 0);
}

/** How many handlings the observed records call for: one per consuming service, copies too. */
function expected(observed: Observed): number {
  let total = 0;
  for (const topics of Object.values(consumedTopics)) {
    for (const type of topics) {
      total += (observed.records as ReadonlyMap<string, number>).get(type) ?? 0;
    }
  }
  return total;
}

/** How many records the services have finished with: handled, skipped or dead-lettered. */
async function handled(registry: Registry): Promise<number> {
  let total = 0;
  for (const name of ['kindly_messages_consumed_total', 'kindly_messages_dead_lettered_total']) {
    const metric = registry.getSingleMetric(name);
    if (!metric) continue;
    for (const value of (await metric.get()).values) total += value.value;
  }
  return total;
}
