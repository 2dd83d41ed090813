/**
 * One seeded fault run: the whole pipeline in a child process on a private broker, the bank's
 * events for a portfolio, a SIGKILL of the child at a seeded moment (and a restart), a broker
 * stop of 30 seconds at another, then a wait until nothing is left to do and a graceful stop.
 * What the stand-ins received and the PDFs in sealed print batches are then checked against the
 * plans by {@link checkFaultRun}, which shares no code with the pipeline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { consumedTopics, seededRandom } from '@kindly/cli';
import {
  deadLetterTopicOf,
  retryTopicOf,
  topicCatalog,
  type AnyEvent,
  type EventType,
} from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, type Kafka } from '@kindly/kafka';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import { provision } from '@kindly/provisioning';
import { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import { freePort } from '@kindly/testing';
import { checkFaultRun, readSealedLetters, type FaultFindings } from './fault-check.js';
import { FAULT_NOW, faultPortfolio, type FaultBankEvent } from './fault-portfolio.js';
import type { PrivateInfra } from './private-infra.js';
import { standInSettings } from '../stand-in-host/stand-in-settings.js';

const host = fileURLToPath(new URL('./pipeline-host.fixture.ts', import.meta.url));
const SECRET = 'fault-run-secret-0123456789abcdef';
const OUTAGE_MS = 30_000;

export interface FaultRunOptions {
  readonly seed: number;
  readonly accounts: number;
  readonly infra: PrivateInfra;
  /** Logs of the hosting process, the letters' outbox. */
  readonly outDir: string;
  /** How long the pipeline may take to finish everything after the last fault. */
  readonly settleTimeoutMs?: number;
  readonly say?: (line: string) => void;
}

export interface FaultRunReport extends FaultFindings {
  readonly seed: number;
  /** What happened when (seconds since the bank's events went out). */
  readonly timeline: readonly string[];
  readonly hostLog: string;
}

const observedTypes = [
  'outreach.planned',
  'outreach.suppressed',
  'outreach.cancelled',
  'outreach.released',
  'delivery.outcome',
  'agent.task',
] as const satisfies readonly EventType[];

export async function runFaultScenario(options: FaultRunOptions): Promise<FaultRunReport> {
  const { seed, infra } = options;
  const say = options.say ?? (() => {});
  const random = seededRandom(seed);
  const tag = `${seed}-${Date.now().toString(36)}`;
  const prefix = `faults-${tag}.`;
  const database = `faults-${tag}`;
  const outDir = join(options.outDir, `seed-${seed}`);
  const outbox = join(outDir, 'print-outbox');
  mkdirSync(outbox, { recursive: true });
  const hostLog = join(outDir, 'host.log');
  const log = createWriteStream(hostLog, { flags: 'a' });
  const timeline: string[] = [];
  let t0 = Date.now();
  const mark = (what: string) => {
    const line = `${((Date.now() - t0) / 1_000).toFixed(1)} s: ${what}`;
    timeline.push(line);
    say(`[seed ${seed}] ${line}`);
  };

  const portfolio = faultPortfolio(seed, options.accounts);
  await provision(
    { kafkaBrokers: infra.kafkaBrokers, mongoUri: infra.mongoUri, mongoDatabase: database },
    { prefix },
  );
  const twilio = await TwilioStandIn.start({ callbackDelayMs: 10 });
  const smtp = await SmtpCatcher.start();
  for (const account of portfolio.accounts.filter((a) => a.undeliverable)) {
    twilio.scenarioFor(account.phone, {
      kind: 'undeliverable',
      errorCode: 30003,
      finalStatus: 'undelivered',
    });
  }
  // The test's own clients say nothing: the broker's outage is the point, not news.
  const kafka = createKafka({
    brokers: infra.kafkaBrokers,
    clientId: `faults-${tag}`,
    logCreator: () => () => {},
  });
  const mongo = await connectMongo({ uri: infra.mongoUri, database, appName: 'faults' });
  const observer = await observe(kafka, prefix);
  const healthPort = await freePort();
  const trackerPort = await freePort();
  twilio.setInboundWebhookUrl(`http://127.0.0.1:${trackerPort}/twilio/inbound`);
  const env = hostEnv({ infra, prefix, database, outbox, healthPort, trackerPort, twilio, smtp });
  // The business clock starts at FAULT_NOW now, and runs with the wall clock, across restarts.
  const origin = Date.now();
  env['FAULT_CLOCK_ORIGIN_MS'] = String(origin);
  const businessNow = () => new Date(Date.parse(FAULT_NOW) + (Date.now() - origin));

  let host: Host | undefined;
  try {
    host = startHost(env, log);
    await host.ready(healthPort);
    t0 = Date.now();
    mark(`pipeline ready; publishing ${portfolio.events.length} bank events`);
    await publishBankEvents(kafka, prefix, portfolio.events);

    // Two faults, in a seeded order, each when the run has made a seeded amount of progress
    // (plans published plus messages sent): a power cut of the hosting process (SIGKILL, then a
    // restart) and the broker away for 30 seconds.
    const faults = random() < 0.5 ? (['kill', 'outage'] as const) : (['outage', 'kill'] as const);
    let threshold = 0;
    for (const fault of faults) {
      threshold += Math.round((0.1 + random() * 0.5) * options.accounts);
      await untilProgress(
        () => observer.count('outreach.planned') + sentSoFar(twilio, smtp),
        threshold,
      );
      const progress = `planned ${observer.count('outreach.planned')}, sent ${sentSoFar(twilio, smtp)}`;
      if (fault === 'kill') {
        mark(`SIGKILL (${progress})`);
        await host.kill('SIGKILL');
        host = startHost(env, log);
        await host.ready(healthPort);
        mark('restarted');
      } else {
        mark(`broker stopped (${progress})`);
        await infra.stopKafka();
        await sleep(OUTAGE_MS);
        await infra.startKafka();
        mark('broker back');
      }
    }

    const settledIn = await untilSettled({
      kafka,
      mongo,
      prefix,
      twilio,
      observer,
      businessNow,
      timeoutMs: options.settleTimeoutMs ?? 240_000,
    });
    mark(settledIn ? 'settled' : 'did NOT settle in time');
    await host.stop();
    mark('stopped');
    host = undefined;

    const findings = checkFaultRun({
      accounts: portfolio.accounts.map((a) => a.accountId),
      events: observer.events,
      deadLetters: observer.deadLetters,
      twilioRequests: twilio.createRequests(),
      emails: smtp.messages(),
      letters: readSealedLetters(outbox),
      dispatches: await mongo.db
        .collection<{ _id: string; state: string }>('dispatches')
        .find({}, { projection: { state: 1 } })
        .toArray(),
      waiting: await mongo.db
        .collection<{ _id: string }>('scheduled-messages')
        .find({ state: 'waiting' }, { projection: { _id: 1 } })
        .toArray(),
      unpublishedPlans: await mongo.db
        .collection('planned-messages')
        .countDocuments({ published: false }),
    });
    if (!settledIn) findings.problems.unshift('the pipeline did not settle in time');
    if (findings.problems.length > 0) {
      await writeDiagnosis(join(outDir, 'diagnosis.json'), mongo, observer, portfolio);
    }
    return { ...findings, seed, timeline, hostLog };
  } finally {
    await host?.kill('SIGKILL');
    log.end();
    await observer.stop();
    await twilio.stop();
    await smtp.stop();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

/** Waits until `progress()` reaches `threshold`, or a minute and a half, whichever is first. */
async function untilProgress(progress: () => number, threshold: number): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (progress() < threshold && Date.now() < deadline) await sleep(100);
}

function sentSoFar(twilio: TwilioStandIn, smtp: SmtpCatcher): number {
  return (
    twilio.createRequests().filter((r) => r.responseStatus === 201).length + smtp.messages().length
  );
}

function hostEnv(input: {
  infra: PrivateInfra;
  prefix: string;
  database: string;
  outbox: string;
  healthPort: number;
  trackerPort: number;
  twilio: TwilioStandIn;
  smtp: SmtpCatcher;
}): Record<string, string> {
  return {
    ...standInSettings({
      secret: SECRET,
      trackerPort: input.trackerPort,
      twilio: input.twilio,
      smtp: input.smtp,
      letterOutbox: input.outbox,
    }),
    PATH: process.env['PATH'] ?? '',
    FAULT_NOW,
    KAFKA_BROKERS: input.infra.kafkaBrokers.join(','),
    MONGODB_URI: input.infra.mongoUri,
    MONGODB_DATABASE: input.database,
    KAFKA_TOPIC_PREFIX: input.prefix,
    LOG_LEVEL: process.env['FAULT_LOG_LEVEL'] ?? 'warn',
    HEALTH_PORT: String(input.healthPort),
    RECOVERY_INTERVAL_MS: '1000',
    RECOVERY_GRACE_MS: '3000',
    PLANNER_SESSION_TIMEOUT_MS: '6000',
    RENDERER_SESSION_TIMEOUT_MS: '6000',
    DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    TRACKER_SESSION_TIMEOUT_MS: '6000',
    ESCALATION_SESSION_TIMEOUT_MS: '6000',
    SCHEDULER_SESSION_TIMEOUT_MS: '6000',
    AUDIT_SESSION_TIMEOUT_MS: '6000',
    CAMPAIGNS_SESSION_TIMEOUT_MS: '6000',
    OPERATOR_SESSION_TIMEOUT_MS: '6000',
    SCHEDULER_POLL_INTERVAL_MS: '100',
    SCHEDULER_LEASE_MS: '10000',
    // Short retries and a lease that outlasts them: a takeover must not depend on the retries.
    DISPATCHER_RETRY_DELAYS_MS: '200,500,1000,2000,5000',
    DISPATCHER_MAX_ATTEMPTS: '8',
    DISPATCHER_CLAIM_LEASE_MS: '15000',
    DISPATCHER_PROVIDER_TIMEOUT_MS: '5000',
    DISPATCHER_RATE_WAIT_MAX_MS: '2000',
    DISPATCHER_LETTER_BATCH_SIZE: '40',
    TWILIO_MPS: '500',
    TWILIO_BURST: '100',
    SMTP_POOL_SIZE: '5',
    ESCALATION_POLL_INTERVAL_MS: '200',
  };
}

interface Host {
  ready(healthPort: number): Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, as an orchestrator stops a process: it must finish and seal its print batch. */
  stop(): Promise<void>;
}

function startHost(env: Record<string, string>, log: WriteStream): Host {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', host],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  // The end of what it printed, for the error when it dies before it is ready.
  let tail = '';
  const keep = (chunk: Buffer) => void (tail = (tail + chunk.toString('utf8')).slice(-3_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  return {
    async ready(healthPort) {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        if (gone) {
          throw new Error(
            `the pipeline process exited during start; the end of its output:\n${tail}`,
          );
        }
        const ok = await fetch(`http://127.0.0.1:${healthPort}/readyz`)
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) return;
        await sleep(250);
      }
      throw new Error('the pipeline was not ready within 120 s');
    },
    async kill(signal) {
      if (gone) return;
      child.kill(signal);
      await exited;
    },
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(60_000, false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
        throw new Error('the pipeline did not stop within 60 s of SIGTERM');
      }
      if (child.exitCode !== 0) {
        // Its stop hung past SHUTDOWN_TIMEOUT_MS: host.log names the part it waited for.
        throw new Error(`the pipeline's stop did not finish (exit code ${child.exitCode})`);
      }
    },
  };
}

async function publishBankEvents(
  kafka: Kafka,
  prefix: string,
  events: readonly FaultBankEvent[],
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const publisher = createEventPublisher(
      producer,
      bindTopics(['contact.updated', 'contact.consent', 'account.overdue'], prefix),
    );
    for (const type of ['contact.updated', 'contact.consent', 'account.overdue'] as const) {
      const ofType = events.filter((e) => e.type === type);
      for (let i = 0; i < ofType.length; i += 200) {
        await publisher.publish(type, ofType.slice(i, i + 200));
      }
    }
  } finally {
    await producer.disconnect();
  }
}

interface Observer {
  readonly events: AnyEvent[];
  readonly deadLetters: string[];
  lastAt(): number;
  count(type: EventType): number;
  /** Read to the end of every observed topic. */
  caughtUp(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Reads every outcome topic and every dead-letter topic of the run from the beginning. */
async function observe(kafka: Kafka, prefix: string): Promise<Observer> {
  const topics = observedTypes.map((type) => prefix + topicCatalog[type].name);
  const deadLetterTopics = Object.values(topicCatalog).map((t) =>
    deadLetterTopicOf(prefix + t.name),
  );
  const positions = new Map<string, number>();
  const events: AnyEvent[] = [];
  const deadLetters: string[] = [];
  let lastAt = Date.now();
  const consumer = kafka.consumer({ groupId: `${prefix}fault-observer`, sessionTimeout: 6_000 });
  await consumer.connect();
  await consumer.subscribe({ topics: [...topics, ...deadLetterTopics], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      lastAt = Date.now();
      positions.set(`${topic}:${partition}`, Number(message.offset) + 1);
      if (topic.endsWith('.dlq')) deadLetters.push(topic.slice(prefix.length));
      else events.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent);
      return Promise.resolve();
    },
  });
  const admin = kafka.admin();
  return {
    events,
    deadLetters,
    lastAt: () => lastAt,
    count: (type) => events.filter((e) => e.type === type).length,
    async caughtUp() {
      await admin.connect();
      for (const topic of [...topics, ...deadLetterTopics]) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if ((positions.get(`${topic}:${p.partition}`) ?? 0) < Number(p.high)) return false;
        }
      }
      return true;
    },
    async stop() {
      await consumer.disconnect().catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    },
  };
}

/**
 * Nothing left to do, seen from outside: every service's group has committed every record of
 * its topics and retry topics, no record is left pending in any service's store, no status
 * callback is on its way, the observer has read every topic to its end and seen nothing new for
 * a while.
 */
async function untilSettled(input: {
  kafka: Kafka;
  mongo: MongoConnection;
  prefix: string;
  twilio: TwilioStandIn;
  observer: Observer;
  businessNow: () => Date;
  timeoutMs: number;
}): Promise<boolean> {
  const { kafka, mongo, prefix, observer } = input;
  const admin = kafka.admin();
  const deadline = Date.now() + input.timeoutMs;
  const db = mongo.db;
  const pendingInStores = async () =>
    (await db.collection('planned-messages').countDocuments({ published: false })) +
    (await db.collection('dispatches').countDocuments({ state: { $in: ['sending', 'ready'] } })) +
    (await db.collection('dispatches').countDocuments({ pendingSince: { $exists: true } })) +
    (await db.collection('escalation-outbox').countDocuments({ published: false })) +
    (await db.collection('scheduled-messages').countDocuments({
      $or: [
        { state: 'claimed' },
        // Due, or due within minutes (a last look that waited for an account's facts): not yet
        // settled. Only what waits for a later window or a cap is left waiting at the end.
        { state: 'waiting', dueAt: { $lte: new Date(input.businessNow().getTime() + 300_000) } },
      ],
    }));
  try {
    await connectWithRetry(admin);
    while (Date.now() < deadline) {
      await sleep(1_000);
      try {
        if (Date.now() - observer.lastAt() < 5_000) continue;
        if ((await pendingInStores()) > 0) continue;
        if (!(await groupsCaughtUp(admin, prefix))) continue;
        await input.twilio.callbacksSettled(5_000).catch(() => undefined);
        if (!(await observer.caughtUp())) continue;
        if (Date.now() - observer.lastAt() < 5_000) continue;
        return true;
      } catch {
        // The broker may still be finding its feet after the outage: ask again.
      }
    }
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function connectWithRetry(admin: ReturnType<Kafka['admin']>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.connect();
      return;
    } catch (error) {
      if (attempt >= 30) throw error;
      await sleep(1_000);
    }
  }
}

async function groupsCaughtUp(admin: ReturnType<Kafka['admin']>, prefix: string): Promise<boolean> {
  const existing = new Set(await admin.listTopics());
  for (const [service, types] of Object.entries(consumedTopics)) {
    const groupId = `${prefix}${service}`;
    const topics = types.flatMap((type) => {
      const topic = prefix + topicCatalog[type].name;
      return [topic, retryTopicOf(topic, service)].filter((t) => existing.has(t));
    });
    const committed = await admin.fetchOffsets({ groupId, topics });
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const end of ends) {
        const at = partitions.find((p) => p.partition === end.partition);
        const offset = at && Number(at.offset) >= 0 ? Number(at.offset) : 0;
        if (offset < Number(end.high)) return false;
      }
    }
  }
  return true;
}

/**
 * For a run that found a problem, what the stores and topics knew of the accounts no decision
 * was seen for (the planner's folded state, its plans, every event seen for them): the database
 * is gone with the run's private server, so this is what is left to find the cause with.
 */
async function writeDiagnosis(
  file: string,
  mongo: MongoConnection,
  observer: Observer,
  portfolio: { readonly accounts: readonly { readonly accountId: string }[] },
): Promise<void> {
  const decided = new Set(
    observer.events
      .filter((e) => e.type === 'outreach.planned' || e.type === 'outreach.suppressed')
      .map((e) => (e.payload as { accountId?: string }).accountId),
  );
  const undecided = portfolio.accounts
    .map((a) => a.accountId)
    .filter((id) => !decided.has(id))
    .slice(0, 20);
  const db = mongo.db;
  const accounts = [];
  for (const accountId of undecided) {
    accounts.push({
      accountId,
      plannerState: await db
        .collection<{ _id: string }>('accounts')
        .findOne({ _id: { $regex: `:${accountId}$` } }),
      planned: await db.collection('planned-messages').find({ accountId }).toArray(),
      eventsSeen: observer.events
        .filter((e) => (e.payload as { accountId?: string }).accountId === accountId)
        .map((e) => ({ type: e.type, eventId: e.eventId, occurredAt: e.occurredAt })),
    });
  }
  writeFileSync(file, JSON.stringify({ undecided: undecided.length, accounts }, null, 2));
}
