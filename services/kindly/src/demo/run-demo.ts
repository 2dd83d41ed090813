/**
 * `kindly demo`: the whole pipeline on local defaults. It starts the Twilio stand-in and an SMTP
 * catcher, hosts every service in this process on one simulated clock, loads a generated
 * portfolio, moves the clock hour by hour over the simulated days while the bank's events and the
 * customers' replies arrive on time, and ends with a summary, a policy check over the audit
 * records and an HTML report. Infrastructure (Kafka, MongoDB) comes from the environment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import type {
  ContactConsentV1Payload,
  ContactUpdatedV1Payload,
  EventType,
} from '@kindly/contracts';
import { AUDIT } from '@kindly/dispatcher';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import { createLogger, kafkaLogCreator } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { provision } from '@kindly/provisioning';
import { loadPlanningRules } from '@kindly/rules';
import { startStandIns } from '@kindly/stand-ins';
import { AllSettingsSchema, consumedTopics, startAllServices } from '../run-all/start-all.js';
import { SCHEDULED_MESSAGES } from '@kindly/scheduler';
import type { Registry } from 'prom-client';
import type { Db } from '@kindly/mongo';
import { htmlReport } from './html-report.js';
import { observedTypes, startObserver, type Observed } from './observer.js';
import { auditSends, type AuditedSend } from './policy-audit.js';
import { generatePortfolio, TENANT, type BankEvent } from './portfolio.js';
import { summarise, summaryText } from './summary.js';

export interface DemoOptions {
  readonly accounts: number;
  readonly days: number;
  readonly outDir: string;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly log: (line: string) => void;
  readonly progress: (line: string) => void;
}

const START = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'utc' });
const HOUR = 3_600_000;
const SECRET = 'demo-secret-not-for-production';
const bankTypes = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
] as const satisfies readonly EventType[];

export async function runDemo(options: DemoOptions): Promise<{ ok: boolean }> {
  const { log } = options;
  const run = DateTime.utc().toFormat('yyyyLLdd-HHmmss');
  const prefix = `demo-${run}.`;
  const database = `kindly_demo_${run.replace('-', '_')}`;
  log(`Kindly demo: ${options.accounts} accounts over ${options.days} simulated days`);
  log(`topics prefixed ${prefix}, database ${database}`);
  await provision(
    { kafkaBrokers: options.kafkaBrokers, mongoUri: options.mongoUri, mongoDatabase: database },
    { prefix },
  );

  const portfolio = generatePortfolio({
    count: options.accounts,
    start: START,
    days: options.days,
  });
  const standIns = await startStandIns({ twilio: { callbackDelayMs: 10 } });
  for (const number of portfolio.undeliverableNumbers) {
    standIns.twilio.scenarioFor(number, {
      kind: 'undeliverable',
      errorCode: 30003,
      finalStatus: 'undelivered',
    });
  }
  const trackerPort = await freePort();
  const trackerBase = `http://127.0.0.1:${trackerPort}`;
  standIns.twilio.setInboundWebhookUrl(`${trackerBase}/twilio/inbound`);
  const smtp = new URL(standIns.urls.smtp);
  const env: Record<string, string> = {
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    MONGODB_URI: options.mongoUri,
    MONGODB_DATABASE: database,
    KAFKA_TOPIC_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    SCHEDULER_POLL_INTERVAL_MS: '50',
    RENDERER_UNSUBSCRIBE_SECRET: SECRET,
    DISPATCHER_ADDRESS_HMAC_SECRET: SECRET,
    DISPATCHER_STATUS_CALLBACK_URL: `${trackerBase}/twilio/status`,
    DISPATCHER_RETRY_DELAYS_MS: '200,500,1000',
    DISPATCHER_LETTER_OUTBOX: join(options.outDir, 'print-outbox'),
    DISPATCHER_LETTER_BATCH_SIZE: '50',
    TWILIO_ACCOUNT_SID: standIns.twilio.accountSid,
    TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: standIns.urls.twilio,
    TWILIO_MPS: '500',
    TWILIO_BURST: '100',
    SMTP_HOST: smtp.hostname,
    SMTP_PORT: smtp.port,
    SMTP_IGNORE_TLS: 'true',
    SMTP_POOL_SIZE: '5',
    TRACKER_HTTP_PORT: String(trackerPort),
    TRACKER_HTTP_HOST: '127.0.0.1',
    TRACKER_PUBLIC_BASE_URL: trackerBase,
    TRACKER_TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
    TRACKER_UNSUBSCRIBE_SECRET: SECRET,
    ESCALATION_DESK_PORT: '0',
    ESCALATION_DESK_HOST: '127.0.0.1',
    ESCALATION_POLL_INTERVAL_MS: '50',
  };
  const settings = parseConfig(AllSettingsSchema, env);
  const clock = new ManualClock(START);
  const logger = createLogger({ service: 'kindly', level: settings.LOG_LEVEL });
  const kafka = createKafka({
    brokers: [...options.kafkaBrokers],
    clientId: 'kindly-demo',
    logCreator: kafkaLogCreator(logger),
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({ uri: options.mongoUri, database, appName: 'kindly-demo' });
  const rules = loadPlanningRules();
  const metrics = createMetrics({ service: 'kindly' });
  const services = await startAllServices(
    {
      settings,
      logger,
      metrics,
      clock,
      kafka,
      producer,
      mongo,
    },
    rules,
  );
  const observer = await startObserver(kafka, (type) => `${prefix}${type}.v1`);
  const publisher = createEventPublisher(producer, bindTopics(bankTypes, prefix));
  try {
    // Every consumer in its group before the clock starts, or the first hours pass unseen.
    await observer.joined;
    const ready = Date.now() + 120_000;
    while (!services.isReady() && Date.now() < ready) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const end = START.toMillis() + options.days * 24 * HOUR;
    let next = 0;
    for (let now = START.toMillis(); now < end; now += HOUR) {
      const due: BankEvent[] = [];
      while (next < portfolio.actions.length && (portfolio.actions[next]?.at ?? end) <= now) {
        const action = portfolio.actions[next++];
        if (!action) break;
        if (action.kind === 'bank') due.push(action.event);
        else
          await standIns.twilio.simulateInboundSms({
            from: action.from,
            to: '+15005550006',
            body: action.body,
          });
      }
      clock.set(DateTime.fromMillis(now, { zone: 'utc' }));
      for (const type of bankTypes) {
        const batch = due.filter((e) => e.type === type);
        if (batch.length > 0) await publisher.publish(type, batch);
      }
      await settled({ observed: observer.observed, registry: metrics.registry, db: mongo.db, now });
      const day = Math.floor((now - START.toMillis()) / (24 * HOUR)) + 1;
      if ((now - START.toMillis()) % (24 * HOUR) === 23 * HOUR) {
        options.progress(progressLine(day, options.days, observer.observed));
      }
    }
    await settled({
      observed: observer.observed,
      registry: metrics.registry,
      db: mongo.db,
      now: end,
    });
    await settled({
      observed: observer.observed,
      registry: metrics.registry,
      db: mongo.db,
      now: end,
      idleMs: 2_000,
    });
    options.progress('\n');

    const summary = summarise(observer.observed, options.accounts, START.toMillis(), options.days);
    const sends = (await mongo.db
      .collection<AuditedSend & { kind: string }>(AUDIT)
      .find({ kind: 'send' })
      .toArray()) as AuditedSend[];
    const contacts = new Map<string, ContactUpdatedV1Payload>();
    const revocations = new Map<string, ContactConsentV1Payload[]>();
    for (const e of observer.observed.byType['contact.updated'])
      contacts.set(e.payload.accountId, e.payload);
    for (const e of observer.observed.byType['contact.consent']) {
      if (e.payload.status === 'revoked')
        revocations.set(e.payload.accountId, [
          ...(revocations.get(e.payload.accountId) ?? []),
          e.payload,
        ]);
    }
    const findings = auditSends(rules.policy, sends, (accountId) => {
      const contact = contacts.get(accountId);
      return contact ? { contact, revocations: revocations.get(accountId) ?? [] } : undefined;
    });
    mkdirSync(options.outDir, { recursive: true });
    const reportFile = join(options.outDir, 'report.html');
    writeFileSync(
      reportFile,
      htmlReport(
        summary,
        findings,
        sends.length,
        `Kindly demo — ${options.accounts} accounts, ${options.days} days`,
      ),
    );
    writeFileSync(
      join(options.outDir, 'summary.json'),
      `${JSON.stringify({ summary, findings }, null, 2)}\n`,
    );
    log('');
    log(summaryText(summary, findings.length, sends.length));
    log(`\nreport: ${reportFile}`);
    return { ok: summary.addsUp && findings.length === 0 };
  } finally {
    await observer.stop();
    await services.stop();
    await producer.disconnect();
    await mongo.close();
    await standIns.stop();
  }
}

/**
 * Waits until the pipeline has done everything this hour asked of it: every record on every
 * topic handled by every service that consumes it (the services' own consumer metrics against
 * what the observer saw published), nothing due left in the scheduler, and no new event for a
 * moment. Capped, so that a stuck record shows as a warning rather than a hang.
 */
async function settled(input: {
  readonly observed: Observed;
  readonly registry: Registry;
  readonly db: Db;
  readonly now: number;
  readonly idleMs?: number;
}): Promise<void> {
  const idleMs = input.idleMs ?? 100;
  const limit = Date.now() + 20_000;
  const due = input.db.collection(SCHEDULED_MESSAGES);
  while (Date.now() < limit) {
    const idle = Date.now() - input.observed.lastEventAt;
    if (idle >= idleMs && (await handled(input.registry)) >= expected(input.observed)) {
      const waiting = await due.countDocuments({
        $or: [{ state: 'waiting', dueAt: { $lte: new Date(input.now) } }, { state: 'claimed' }],
      });
      if (waiting === 0) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** How many handlings the observed records call for: one per consuming service. */
function expected(observed: Observed): number {
  let total = 0;
  for (const topics of Object.values(consumedTopics)) {
    for (const type of topics) {
      const seen: readonly unknown[] | undefined = (
        observed.byType as Partial<Record<string, readonly unknown[]>>
      )[type];
      total += seen?.length ?? 0;
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

function progressLine(day: number, days: number, observed: Observed): string {
  const width = 30;
  const done = Math.round((day / days) * width);
  const t = observed.byType;
  const sent = t['delivery.outcome'].filter((e) => e.payload.status === 'accepted').length;
  return `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] day ${String(day).padStart(2)}/${days}  planned ${t['outreach.planned'].length}  sent ${sent}  suppressed ${t['outreach.suppressed'].length}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export const demoTenant = TENANT;
export { observedTypes };
