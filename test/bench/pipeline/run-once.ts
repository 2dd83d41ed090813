/**
 * One end-to-end run: a fresh prefix and database, the Twilio stand-in and an SMTP catcher in
 * this process, Kindly in child processes (all services in one, or one per service), N accounts'
 * bank events published, then measured from outside until every account's SMS was accepted by
 * the stand-in and every consumer group has drained.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  deleteTopics,
} from '@kindly/kafka';
import { connectMongo } from '@kindly/mongo';
import { provision } from '@kindly/provisioning';
import { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import type { HostReport } from './host.js';
import { hopFigures, readPathTimes, type HopFigures } from './hops.js';
import {
  consumerGroupsOf,
  groupsDrainedAt,
  sampleLag,
  summariseLag,
  type LagSample,
  type LagSummary,
} from './lag.js';
import { BENCH_NOW, benchPortfolio, type BenchBankEvent } from './portfolio.js';
import { cpuSecondsOf, loadAverage, peakRssOf, pidListeningOn } from './proc.js';
import { storageCensus, type CollectionCensus } from './storage-census.js';
import { standInSettings } from '../../stand-in-host/stand-in-settings.js';

const hostFile = fileURLToPath(new URL('./host.js', import.meta.url));
const SECRET = 'bench-pipeline-secret-0123456789abcdef';
const SERVICES = ['planner', 'scheduler', 'renderer', 'dispatcher', 'tracker', 'escalation'];
const PUBLISH_BATCH = 500;
/** The first seconds of the overdue events, left out of `warmLatencyP99`. */
const WARM_UP_MS = 20_000;

export type PipelineMode = 'one process' | 'process per service';

export interface RunOnceOptions {
  readonly accounts: number;
  readonly mode: PipelineMode;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  /** Logs, lag samples, profiles. */
  readonly outDir: string;
  /** Writes a V8 CPU profile of each Kindly process into outDir. */
  readonly cpuProfile: boolean;
  /** No new acceptance for this long ends the run as incomplete. */
  readonly stallMs: number;
  /**
   * Overdue events offered at this rate (events a second, spread evenly) instead of all at once:
   * the latency a customer sees at a given load rather than behind a backlog of every account.
   */
  readonly offerPerSecond?: number | undefined;
  readonly say: (line: string) => void;
}

export interface ProcessFigures {
  readonly name: string;
  /** From the first overdue event's publish until drained. */
  readonly cpuSeconds: number;
  /** While contacts and consents were folded. */
  readonly foldCpuSeconds: number;
  readonly peakRssBytes: number;
  /** The event loop's delay while the overdue events were handled, ms. */
  readonly loopDelay: HostReport['loopDelay'];
}

export interface RunOnceResult {
  readonly accounts: number;
  readonly mode: PipelineMode;
  /** Undefined: every overdue event offered at once. */
  readonly offerPerSecond: number | undefined;
  readonly accepted: number;
  /** Phase 1: contacts and consents (3 per account) until every service had folded them. */
  readonly fold: {
    readonly events: number;
    readonly seconds: number;
    readonly mongoCpuSeconds: number | undefined;
    readonly kafkaCpuSeconds: number | undefined;
    readonly commands: Readonly<Record<string, number>>;
    /** When each consumer group had handled them all, seconds from the first publish. */
    readonly groupsDrainedAt: Readonly<Record<string, number>>;
  };
  /** When the overdue events began to go out, seconds from the first publish (lag's origin). */
  readonly overdueAt: number;
  /** Seconds from the first overdue event's publish. */
  readonly firstAcceptance: number;
  readonly lastAcceptance: number;
  readonly sustainedPerSecond: number;
  readonly latencyP50: number;
  readonly latencyP99: number;
  /**
   * The p99 of the accounts whose overdue event went out `WARM_UP_MS` or more after the first:
   * a process just started runs its code cold (the latency of the first seconds is several
   * times the rest's), which a service that has been running does not.
   */
  readonly warmLatencyP99: number;
  /** Seconds from the first overdue publish until every group had handled every record. */
  readonly drainedAfter: number | undefined;
  /** Kindly's processes. */
  readonly kindly: readonly ProcessFigures[];
  readonly mongoCpuSeconds: number | undefined;
  readonly kafkaCpuSeconds: number | undefined;
  /** `<command> <collection>` → commands from the first overdue publish until drained. */
  readonly commands: Readonly<Record<string, number>>;
  /** Topic (without the prefix) → records written during the run. */
  readonly records: Readonly<Record<string, number>>;
  readonly lag: readonly LagSummary[];
  /** Where the latency goes: each service's hop, from the records' publish times. */
  readonly hops: readonly HopFigures[];
  /** What the run left stored, per collection (BSON), for the server's memory per account. */
  readonly storage: readonly CollectionCensus[];
  readonly loadBefore: string;
  readonly loadAfter: string;
  readonly profiles: readonly string[];
  readonly problems: readonly string[];
}

interface Host {
  readonly name: string;
  readonly healthPort: number;
  report(): Promise<HostReport>;
  stop(): Promise<void>;
}

export async function runOnce(options: RunOnceOptions): Promise<RunOnceResult> {
  const { accounts, say } = options;
  const tag = `${accounts}-${Date.now().toString(36)}`;
  const prefix = `bench-e2e-${tag}.`;
  const database = `bench_e2e_${tag.replace(/-/g, '_')}`;
  const outDir = join(options.outDir, `${tag}-${options.mode === 'one process' ? 'one' : 'per'}`);
  mkdirSync(join(outDir, 'print-outbox'), { recursive: true });
  const problems: string[] = [];
  const portfolio = benchPortfolio(accounts, tag);

  await provision(
    {
      kafkaBrokers: [...options.kafkaBrokers],
      mongoUri: options.mongoUri,
      mongoDatabase: database,
    },
    { prefix },
  );
  const twilio = await TwilioStandIn.start({ callbackDelayMs: 10 });
  const smtp = await SmtpCatcher.start();
  const trackerPort = await freePort();
  twilio.setInboundWebhookUrl(`http://127.0.0.1:${trackerPort}/twilio/inbound`);
  const kafka = createKafka({
    brokers: [...options.kafkaBrokers],
    clientId: `bench-e2e-${tag}`,
    logCreator: () => () => {},
  });
  const env = hostEnv({ ...options, prefix, database, outDir, trackerPort, twilio, smtp });
  env['FAULT_NOW'] = BENCH_NOW;
  env['FAULT_CLOCK_ORIGIN_MS'] = String(Date.now());

  const mongoPort = Number(new URL(options.mongoUri).port || 27017);
  const kafkaPort = Number(options.kafkaBrokers[0]?.split(':')[1] ?? 9092);
  const mongoPid = pidListeningOn(mongoPort);
  const kafkaPid = pidListeningOn(kafkaPort);
  if (mongoPid === undefined) problems.push(`no process of ours listens on ${mongoPort}`);

  const hosts: Host[] = [];
  let lagSampler: Awaited<ReturnType<typeof sampleLag>> | undefined;
  const loadBefore = loadAverage();
  try {
    const names = options.mode === 'one process' ? ['kindly'] : SERVICES;
    const consumers = consumerGroupsOf(options.mode === 'one process' ? 'all' : SERVICES);
    for (const name of names) {
      hosts.push(
        await startHost(name, options.mode === 'one process' ? undefined : name, env, {
          outDir,
          cpuProfile: options.cpuProfile,
        }),
      );
    }
    await Promise.all(hosts.map((h) => ready(h)));
    say(`${options.mode}, ${accounts} accounts: ready; publishing`);

    const before = await Promise.all(hosts.map((h) => h.report()));
    const mongoBefore = mongoPid === undefined ? undefined : cpuSecondsOf(mongoPid);
    const kafkaBefore = kafkaPid === undefined ? undefined : cpuSecondsOf(kafkaPid);

    const t0 = Date.now();
    lagSampler = await sampleLag(kafka, prefix, consumers, () => t0);
    const publishedAt = new Float64Array(accounts);
    const producer = createProducer(kafka);
    await producer.connect();
    const publisher = createEventPublisher(
      producer,
      bindTopics(['contact.updated', 'contact.consent', 'account.overdue'], prefix),
    );
    const publishAll = async (
      events: readonly BenchBankEvent[],
      mark: boolean,
      perSecond?: number,
    ) => {
      // Offered at a rate: a slice every 50 ms, each on its schedule from the first (a slow
      // publish is caught up, not added to every later slice).
      const size = perSecond ? Math.max(1, Math.round(perSecond / 20)) : PUBLISH_BATCH;
      const start = Date.now();
      for (let i = 0; i < events.length; i += size) {
        if (perSecond) {
          const due = start + (i / perSecond) * 1_000;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        const batch = events.slice(i, i + size);
        const at = Date.now();
        if (mark) publishedAt.fill(at, i, i + batch.length);
        // Each batch is of one type (the portfolio keeps them apart).
        await publisher.publish(batch[0]!.type, batch);
      }
    };
    // Phase 1: contacts and consents, folded by every service before anything is overdue, so
    // that each account is eligible for an SMS when its overdue event arrives. (Published
    // together, the planner may judge an overdue event before the SMS consent is folded and
    // plan an e-mail instead: a 200-account trial sent 157 of 200 by e-mail.)
    await publishAll(portfolio.contacts, false);
    await publishAll(portfolio.consents, false);
    const contactTopics = ['contact.updated.v1', 'contact.consent.v1'];
    const foldDeadline = Date.now() + 600_000;
    while (Date.now() < foldDeadline) {
      await sleep(250);
      const latest = lagSampler.samples[lagSampler.samples.length - 1];
      if (
        latest &&
        latest.t > Date.now() - t0 - 1_500 &&
        contactTopics.every((t) => latest.lag[t] === 0)
      ) {
        break;
      }
    }
    const foldSeconds = (Date.now() - t0) / 1_000;
    say(
      `contacts and consents (${accounts * 3} events) folded by every service in ${foldSeconds.toFixed(1)} s`,
    );
    const folded = await Promise.all(hosts.map((h) => h.report()));
    const mongoFolded = mongoPid === undefined ? undefined : cpuSecondsOf(mongoPid);
    const kafkaFolded = kafkaPid === undefined ? undefined : cpuSecondsOf(kafkaPid);

    // Phase 2: the overdue events, the latency clock of each account starting at its publish.
    const t1 = Date.now();
    // Offered at a rate, the publishing runs beside the watch for acceptances below.
    const published = publishAll(portfolio.overdue, true, options.offerPerSecond).then(() => {
      say(`published ${accounts} overdue events in ${((Date.now() - t1) / 1_000).toFixed(1)} s`);
      return producer.disconnect();
    });
    if (!options.offerPerSecond) await published;

    // Acceptances, read from the stand-in's request log without rescanning it.
    const acceptedAt = new Float64Array(accounts);
    let accepted = 0;
    let scanned = 0;
    let lastProgress = Date.now();
    let lastSay = Date.now();
    while (accepted < accounts) {
      const requests = twilio.requests();
      for (; scanned < requests.length; scanned++) {
        const r = requests[scanned]!;
        if (r.method !== 'POST' || r.responseStatus !== 201 || !r.form) continue;
        const to = r.form['To'];
        const index = portfolio.phones.get(typeof to === 'string' ? to : (to?.[0] ?? ''));
        if (index === undefined || acceptedAt[index] !== 0) continue;
        acceptedAt[index] = r.at.getTime();
        accepted++;
        lastProgress = Date.now();
      }
      if (Date.now() - lastSay > 15_000) {
        lastSay = Date.now();
        say(`  ${((Date.now() - t1) / 1_000).toFixed(0)} s: ${accepted} accepted`);
      }
      if (Date.now() - lastProgress > options.stallMs) {
        problems.push(
          `only ${accepted} of ${accounts} accepted: nothing new for ${options.stallMs / 1_000} s`,
        );
        break;
      }
      await sleep(200);
    }
    await published;
    const times = Array.from(acceptedAt).filter((t) => t > 0);
    const first = Math.min(...times);
    const last = Math.max(...times);
    const latencies = Array.from(acceptedAt)
      .map((t, i) => (t > 0 ? t - publishedAt[i]! : NaN))
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    say(
      `  last acceptance at ${((last - t1) / 1_000).toFixed(1)} s; waiting for the groups to drain`,
    );

    // Drained: every group has committed every record (delivery reports included).
    const drainDeadline = Date.now() + 300_000;
    let drainedAfter: number | undefined;
    while (Date.now() < drainDeadline) {
      await sleep(1_000);
      if (
        lagSampler.latestTotal() === 0 &&
        Date.now() - lastSampleAt(lagSampler.samples, t0) < 2_000
      ) {
        await twilio.callbacksSettled(5_000).catch(() => undefined);
        if (lagSampler.latestTotal() === 0) {
          drainedAfter = (Date.now() - t1) / 1_000;
          break;
        }
      }
    }
    if (drainedAfter === undefined) problems.push('the consumer groups did not drain in 300 s');
    const after = await Promise.all(hosts.map((h) => h.report()));
    const mongoAfter = mongoPid === undefined ? undefined : cpuSecondsOf(mongoPid);
    const kafkaAfter = kafkaPid === undefined ? undefined : cpuSecondsOf(kafkaPid);
    await lagSampler.stop();
    const records: Record<string, number> = {};
    {
      const admin = kafka.admin();
      await admin.connect();
      for (const topic of (await admin.listTopics()).filter((t) => t.startsWith(prefix))) {
        const ends = await admin.fetchTopicOffsets(topic);
        const count = ends.reduce((sum, p) => sum + Number(p.high), 0);
        if (count > 0) records[topic.slice(prefix.length)] = count;
      }
      await admin.disconnect();
    }
    const samples: readonly LagSample[] = lagSampler.samples;
    lagSampler = undefined;
    const pathTimes = await readPathTimes(
      kafka,
      prefix,
      (accountId) => {
        const index = Number(accountId.slice(accountId.lastIndexOf('-') + 1));
        return Number.isInteger(index) && index < accounts ? index : undefined;
      },
      accounts,
    );
    const hops = hopFigures(publishedAt, acceptedAt, pathTimes);
    // Each account's path, for a look at when the slow ones happened (periodic work shows).
    writeFileSync(
      join(outDir, 'path-times.csv'),
      [
        'published,planned,released,rendered,accepted',
        ...Array.from(publishedAt, (at, i) =>
          [
            at,
            ...['outreach.planned.v1', 'outreach.released.v1', 'outreach.rendered.v1'].map(
              (t) => pathTimes.get(t)?.[i] ?? 0,
            ),
            acceptedAt[i],
          ].join(','),
        ),
      ].join('\n'),
    );
    for (const h of hops) {
      say(
        `  hop ${h.hop}: p50 ${h.p50.toFixed(2)} s, p90 ${h.p90.toFixed(2)} s, p99 ${h.p99.toFixed(2)} s, ` +
          `${(h.shareOfTail * 100).toFixed(0)} % of the slowest 1 %`,
      );
    }

    const commandsBetween = (from: readonly HostReport[], to: readonly HostReport[]) => {
      const commands: Record<string, number> = {};
      to.forEach((report, i) => {
        for (const [key, count] of Object.entries(report.commands)) {
          commands[key] = (commands[key] ?? 0) + count - (from[i]?.commands[key] ?? 0);
        }
      });
      return commands;
    };
    const cpuBetween = (from: HostReport | undefined, to: HostReport | undefined) =>
      from && to ? (to.cpuUserUs + to.cpuSystemUs - from.cpuUserUs - from.cpuSystemUs) / 1e6 : 0;
    const commands = commandsBetween(folded, after);
    const foldCommands = commandsBetween(before, folded);
    const kindly = hosts.map((h, i) => ({
      name: h.name,
      cpuSeconds: cpuBetween(folded[i], after[i]),
      foldCpuSeconds: cpuBetween(before[i], folded[i]),
      peakRssBytes: after[i]!.maxRssBytes,
      loopDelay: after[i]!.loopDelay,
    }));
    writeFileSync(
      join(outDir, 'run.json'),
      JSON.stringify({ accounts, mode: options.mode, kindly, commands, samples }, null, 1),
    );
    const warm = Array.from(acceptedAt)
      .map((t, i) => (t > 0 && publishedAt[i]! >= t1 + WARM_UP_MS ? t - publishedAt[i]! : NaN))
      .filter((x) => !Number.isNaN(x))
      .sort((a, b) => a - b);
    const quantile = (q: number) =>
      (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN) / 1_000;
    const result = {
      accounts,
      mode: options.mode,
      offerPerSecond: options.offerPerSecond,
      accepted,
      firstAcceptance: (first - t1) / 1_000,
      lastAcceptance: (last - t1) / 1_000,
      sustainedPerSecond: accepted > 1 ? (accepted - 1) / ((last - first) / 1_000) : 0,
      latencyP50: quantile(0.5),
      latencyP99: quantile(0.99),
      warmLatencyP99:
        (warm[Math.min(warm.length - 1, Math.floor(0.99 * warm.length))] ?? NaN) / 1_000,
      drainedAfter,
      kindly,
      mongoCpuSeconds: difference(mongoFolded, mongoAfter),
      kafkaCpuSeconds: difference(kafkaFolded, kafkaAfter),
      fold: {
        events: accounts * 3,
        seconds: foldSeconds,
        mongoCpuSeconds: difference(mongoBefore, mongoFolded),
        kafkaCpuSeconds: difference(kafkaBefore, kafkaFolded),
        commands: foldCommands,
        groupsDrainedAt: Object.fromEntries(
          Object.entries(groupsDrainedAt(samples, foldSeconds * 1_000)).map(([g, t]) => [
            g,
            t / 1_000,
          ]),
        ),
      },
      overdueAt: (t1 - t0) / 1_000,
      commands,
      records,
      lag: summariseLag(samples, consumers),
      hops,
      loadBefore,
      loadAfter: loadAverage(),
      problems,
    };
    const censusDb = await connectMongo({
      uri: options.mongoUri,
      database,
      appName: 'bench-census',
    });
    const storage = await storageCensus(censusDb.db).finally(() => censusDb.close());
    if (mongoPid !== undefined) {
      const peak = peakRssOf(mongoPid);
      if (peak !== undefined)
        say(`  MongoDB-wire server peak RSS ${Math.round(peak / 2 ** 20)} MiB`);
    }
    for (const host of hosts.splice(0)) await host.stop();
    const profiles = readdirSync(outDir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(outDir, f));
    return { ...result, storage, profiles };
  } finally {
    await lagSampler?.stop().catch(() => undefined);
    for (const host of hosts) await host.stop().catch(() => undefined);
    await twilio.stop();
    await smtp.stop();
    // BENCH_KEEP=1 leaves the run's topics and database for a look afterwards.
    if (process.env['BENCH_KEEP'] !== '1') {
      const admin = kafka.admin();
      await admin.connect();
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      await deleteTopics(admin, topics).catch(() => undefined);
      await admin.disconnect();
      const mongo = await connectMongo({ uri: options.mongoUri, database, appName: 'bench-e2e' });
      await mongo.db.dropDatabase().catch(() => undefined);
      await mongo.close();
    } else {
      say(`kept topics ${prefix}* and database ${database}`);
    }
  }
}

function difference(from: number | undefined, to: number | undefined): number | undefined {
  return from === undefined || to === undefined ? undefined : to - from;
}

function lastSampleAt(samples: readonly LagSample[], t0: number): number {
  const last = samples[samples.length - 1];
  return last ? t0 + last.t : 0;
}

function hostEnv(input: {
  kafkaBrokers: readonly string[];
  mongoUri: string;
  prefix: string;
  database: string;
  outDir: string;
  trackerPort: number;
  twilio: TwilioStandIn;
  smtp: SmtpCatcher;
}): Record<string, string> {
  const uri = new URL(input.mongoUri);
  uri.searchParams.set('monitorCommands', 'true');
  return {
    ...standInSettings({
      secret: SECRET,
      trackerPort: input.trackerPort,
      twilio: input.twilio,
      smtp: input.smtp,
      letterOutbox: join(input.outDir, 'print-outbox'),
    }),
    PATH: process.env['PATH'] ?? '',
    KAFKA_BROKERS: input.kafkaBrokers.join(','),
    MONGODB_URI: uri.toString(),
    MONGODB_DATABASE: input.database,
    KAFKA_TOPIC_PREFIX: input.prefix,
    LOG_LEVEL: 'warn',
    // The provider's rate limit raised to the settings' maximum so that it does not cap the run.
    TWILIO_MPS: '10000',
    TWILIO_BURST: '10000',
  };
}

async function startHost(
  name: string,
  service: string | undefined,
  baseEnv: Record<string, string>,
  options: { outDir: string; cpuProfile: boolean },
): Promise<Host> {
  const healthPort = await freePort();
  const env: Record<string, string> = {
    ...baseEnv,
    HEALTH_PORT: String(healthPort),
    ...(service ? { BENCH_SERVICE: service, INSTANCE_ID: `bench-${service}` } : {}),
  };
  const log = createWriteStream(join(options.outDir, `${name}.log`), { flags: 'a' });
  const child: ChildProcess = fork(hostFile, [], {
    env,
    execArgv: options.cpuProfile
      ? ['--cpu-prof', `--cpu-prof-dir=${options.outDir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  let gone = false;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      gone = true;
      resolve();
    }),
  );
  return {
    name,
    healthPort,
    report: () =>
      new Promise<HostReport>((resolve, reject) => {
        if (gone) return reject(new Error(`${name} has exited (see ${name}.log)`));
        const onExit = () => reject(new Error(`${name} exited (see ${name}.log)`));
        child.once('exit', onExit);
        child.once('message', (m) => {
          child.off('exit', onExit);
          resolve(m as HostReport);
        });
        child.send('report');
      }),
    async stop() {
      if (gone) return;
      child.kill('SIGTERM');
      const stopped = await Promise.race([exited.then(() => true), sleep(60_000, false)]);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
      log.end();
    },
  };
}

async function ready(host: Host): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${host.healthPort}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await sleep(250);
  }
  throw new Error(`${host.name} was not ready within 120 s`);
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
