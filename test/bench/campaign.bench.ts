/**
 * A repayment-offer campaign's launch fan-out (issue 17): with N account states in the campaigns
 * service's store, the walk from launch to `completed`, by the service's own code (`startLaunch`,
 * then `launchRound` in a loop: a page read by key, decided, the assignments recorded, the
 * treatment published as `campaign.offer`, the cursor moved), on the real broker and server, in
 * this process. Reported per size: accounts walked and events published per second, the peak and
 * final RSS of this process (sampled every 250 ms), and the servers' CPU.
 *
 * The accounts are the launch tests' (`campaignAccount` of services/campaigns/src/testing):
 * Shanghai card holders 35 days past due, every third without marketing consent; their bank
 * events are folded once and the state copied under other account ids (inserted unordered in
 * batches, in a shuffled order; setup, not measured). The campaign is the example spring campaign made to run
 * today, with its throttle at the schema's maximum (1,000 a second, 10,000,000 a day). The bench's
 * clock moves one second per round, so that the per-second allowance never holds a page back:
 * what is measured is the walk's own speed, not the throttle (a real launch hands over at most
 * `perSecond` a second).
 *
 * BENCH_CAMPAIGN_ACCOUNTS sets the sizes (100000,1000000 by default), BENCH_CAMPAIGN_PAGE_SIZE the
 * page (500, the service's default), BENCH_CAMPAIGN_MAX_SECONDS a limit on one walk (3600): a
 * walk stopped there is reported as such, with the rate so far. infra/local's mongo-java-server
 * reads each page from an ordered twin of its `_id` index, and holds the whole store in its heap
 * (about 17 kB an account): see RESULTS.md for what fits.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createAccountPages } from '@kindly/account-state';
import {
  beyondStateFacts,
  CAMPAIGN_ACCOUNTS,
  createExposuresRepository,
  createLastContactsRepository,
  createLaunchesRepository,
  handedOffTotal,
  launchRound,
  startLaunch,
  type LaunchRoundDeps,
} from '@kindly/campaigns';
import { newEventId, sampleEvents, type EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  deleteTopics,
} from '@kindly/kafka';
import { connectMongo } from '@kindly/mongo';
import { provision } from '@kindly/provisioning';
import {
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
  type BankInput,
} from '@kindly/rules';
import { cpuSecondsOf, peakRssOf, pidListeningOn } from './pipeline/proc.js';
import type { BenchResult } from './run.js';

const TENANT = 'bank-1';
const CAMPAIGN_FILE = 'instalment-plan-2027-spring.yaml';
const OTHER_CAMPAIGN = 'settlement-discount-2027-q2';
const INSERT_BATCH = 1_000;
const MIB = 2 ** 20;

// The example campaigns are files of the campaigns workspace, not part of its package.
const campaignsRoot = new URL('../../../services/campaigns/', import.meta.url);

/** The launch tests' account (launch-fixtures.ts `campaignAccount`): its bank events. */
function campaignAccountEvents(accountId: string, marketingConsent: boolean): BankInput[] {
  const base = { tenantId: TENANT, correlationId: `cycle-${accountId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T01:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId: `${accountId}-2025-12-28`,
      dueDate: '2025-12-28',
      daysPastDue: 35,
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-01-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      preferredWindows: [],
      appointments: [],
    },
  };
  const consent = (purpose: 'servicing' | 'marketing'): EventOf<'contact.consent'> => ({
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-01-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.consent'].payload,
      accountId,
      purpose,
      basis: purpose === 'marketing' ? 'express-consent' : 'contract',
    },
  });
  return [
    contact,
    consent('servicing'),
    ...(marketingConsent ? [consent('marketing')] : []),
    overdue,
  ];
}

function foldedState(accountId: string, marketingConsent: boolean): AccountState {
  let state = emptyAccountState(TENANT, accountId);
  for (const event of campaignAccountEvents(accountId, marketingConsent)) {
    state = evolveAccountState(state, event).state;
  }
  return state;
}

/** The folded state under another account id (every place the id appears). */
function stateOf(template: AccountState, accountId: string): AccountState {
  const { overdue, contact } = template;
  return {
    ...template,
    accountId,
    ...(overdue
      ? {
          overdue: {
            ...overdue,
            value: { ...overdue.value, accountId, cycleId: `${accountId}-2025-12-28` },
          },
        }
      : {}),
    ...(contact ? { contact: { ...contact, value: { ...contact.value, accountId } } } : {}),
    consents: template.consents.map((c) => ({ ...c, value: { ...c.value, accountId } })),
  };
}

/**
 * The example spring campaign (launch-fixtures.ts `campaignFileText`, but throttled at the
 * schema's maximum and kept out of accounts the other spring campaign reached, as the example
 * is): every day from yesterday to tomorrow in Shanghai, 10 % holdout.
 */
function campaignFile(campaignId: string, today: Date): string {
  const day = (offset: number) =>
    new Date(today.getTime() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  let text = readFileSync(new URL(`campaigns/${CAMPAIGN_FILE}`, campaignsRoot), 'utf8');
  const edit = (pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`${CAMPAIGN_FILE}: no ${String(pattern)} to edit`);
    text = text.replace(pattern, replacement);
  };
  edit(/^campaignId: .*$/m, `campaignId: ${campaignId}`);
  edit(/^ {4}- campaignIds: \[.*\]$/m, `    - campaignIds: [${campaignId}, ${OTHER_CAMPAIGN}]`);
  edit(/^holdout:\n {2}percent: \d+$/m, 'holdout:\n  percent: 10');
  edit(
    /^schedule:\n(?: {2}.*\n)+/m,
    `schedule:\n  start: ${day(-1)}\n  end: ${day(1)}\n  daysOfWeek: [1, 2, 3, 4, 5, 6, 7]\n` +
      `  timeZone: Asia/Shanghai\n`,
  );
  edit(/^ {2}perSecond: \d+$/m, '  perSecond: 1000');
  edit(/^ {2}perDay: \d+$/m, '  perDay: 10000000');
  return text;
}

/** Time spent in each port, summed over the walk. */
class Stopwatch {
  readonly seconds = new Map<string, number>();
  async time<T>(name: string, work: () => Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await work();
    } finally {
      this.seconds.set(name, (this.seconds.get(name) ?? 0) + (performance.now() - start) / 1_000);
    }
  }
}

/** The port with each of its methods timed under `name`. */
function timedPort<T extends object>(watch: Stopwatch, name: string, port: T): T {
  return new Proxy(port, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        watch.time(name, () => Promise.resolve(Reflect.apply(value, target, args) as unknown));
    },
  });
}

interface WalkRun {
  readonly accounts: number;
  readonly completed: boolean;
  readonly walked: number;
  readonly offers: number;
  readonly holdout: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly pageSize: number;
  readonly ports: ReadonlyMap<string, number>;
  /** Milliseconds per page read, median of the first and of the last tenth of the pages. */
  readonly pageMs: { readonly first: number; readonly last: number };
  readonly rss: { readonly start: number; readonly peak: number; readonly end: number };
  readonly heapPeak: number;
  readonly cpu: { readonly node: number; readonly mongo?: number; readonly kafka?: number };
  readonly mongoPeakRss?: number;
  readonly insertSeconds: number;
  readonly documentBytes: number;
}

async function walkOnce(
  brokers: readonly string[],
  mongoUri: string,
  accounts: number,
  say: (line: string) => void,
): Promise<WalkRun> {
  const pageSize = Number(process.env['BENCH_CAMPAIGN_PAGE_SIZE'] ?? 500);
  const maxSeconds = Number(process.env['BENCH_CAMPAIGN_MAX_SECONDS'] ?? 3_600);
  const tag = `${accounts}-${randomBytes(3).toString('hex')}`;
  const prefix = `bench-campaign-${tag}.`;
  const database = `bench_campaign_${tag.replace(/-/g, '_')}`;
  const campaignId = `bench-spring-${tag}`;
  await provision({ kafkaBrokers: [...brokers], mongoUri, mongoDatabase: database }, { prefix });
  const mongo = await connectMongo({ uri: mongoUri, database, appName: 'bench-campaign' });
  const kafka = createKafka({
    brokers: [...brokers],
    clientId: `bench-campaign-${tag}`,
    logCreator: () => () => {},
  });
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    // Setup: the store, N copies of two folded accounts (with and without marketing consent),
    // inserted in a shuffled order (a multiplicative permutation of the ids).
    const templates = [foldedState('template', true), foldedState('template', false)] as const;
    const documentBytes = Buffer.byteLength(JSON.stringify(templates[0]));
    const store = mongo.db.collection<AccountState & { _id: string; version: number }>(
      CAMPAIGN_ACCOUNTS,
    );
    say(
      `${accounts.toLocaleString('en-US')} accounts: inserting (~${documentBytes} B of JSON each)`,
    );
    const width = String(accounts).length;
    const tInsert = performance.now();
    for (let from = 0; from < accounts; from += INSERT_BATCH) {
      const batch = [];
      for (let i = from; i < Math.min(from + INSERT_BATCH, accounts); i++) {
        const n = (i * 7_919 + 13) % accounts;
        const accountId = `acct-${String(n).padStart(width, '0')}`;
        const state = stateOf(templates[n % 3 === 0 ? 1 : 0], accountId);
        batch.push({ ...state, _id: `${TENANT}:${accountId}`, version: 1 });
      }
      await store.insertMany(batch, { ordered: false });
      if ((from + INSERT_BATCH) % 100_000 === 0)
        say(`  ${(from + INSERT_BATCH).toLocaleString('en-US')} inserted`);
    }
    const insertSeconds = (performance.now() - tInsert) / 1_000;
    const stored = await store.estimatedDocumentCount();
    if (stored !== accounts) throw new Error(`${stored} accounts stored, not ${accounts}`);
    say(`  inserted in ${insertSeconds.toFixed(1)} s`);

    // The launch, as `kindly campaign launch` starts it.
    const launches = createLaunchesRepository(mongo.db);
    const exposures = createExposuresRepository(mongo.db);
    const started = await startLaunch(launches, {
      bytes: Buffer.from(campaignFile(campaignId, new Date())),
      file: `${campaignId}.yaml`,
      by: 'bench',
      at: new Date().toISOString(),
    });
    if (started.kind !== 'started') throw new Error(`launch not started: ${started.kind}`);

    const watch = new Stopwatch();
    const pageMs: number[] = [];
    const pages = createAccountPages(mongo.db, CAMPAIGN_ACCOUNTS);
    const beyond = beyondStateFacts(
      loadPlanningRules().strategies,
      exposures,
      createLastContactsRepository(mongo.db),
    );
    const publisher = createEventPublisher(producer, bindTopics(['campaign.offer'], prefix));
    let published = 0;
    const deps: LaunchRoundDeps = {
      launches: timedPort(watch, 'launches', launches),
      accounts: {
        pageAfter: async (cursor, limit) => {
          const start = performance.now();
          const page = await watch.time('page read', () => pages.pageAfter(cursor, limit));
          pageMs.push(performance.now() - start);
          return page;
        },
      },
      beyond: timedPort(watch, 'beyond', beyond),
      exposures: timedPort(watch, 'exposures', exposures),
      offers: {
        publish: (events) =>
          watch.time('publish', async () => {
            await publisher.publish('campaign.offer', events);
            published += events.length;
          }),
      },
      pageSize,
    };

    const mongoPid = pidListeningOn(Number(new URL(mongoUri).port || 27017));
    const kafkaPid = pidListeningOn(Number(brokers[0]?.split(':')[1] ?? 9092));
    const mongoCpu0 = mongoPid === undefined ? undefined : cpuSecondsOf(mongoPid);
    const kafkaCpu0 = kafkaPid === undefined ? undefined : cpuSecondsOf(kafkaPid);
    const rssStart = process.memoryUsage().rss;
    let rssPeak = rssStart;
    let heapPeak = 0;
    const sampler = setInterval(() => {
      const memory = process.memoryUsage();
      rssPeak = Math.max(rssPeak, memory.rss);
      heapPeak = Math.max(heapPeak, memory.heapUsed);
    }, 250);
    const cpu0 = process.cpuUsage();
    say(`  walking (pages of ${pageSize})`);

    // The walk: one round a (bench) second, until the launch completes.
    let now = Date.now();
    let rounds = 0;
    let completed = false;
    const t0 = performance.now();
    let reported = t0;
    while ((performance.now() - t0) / 1_000 < maxSeconds) {
      const round = await launchRound(deps, new Date(now));
      rounds += 1;
      now += 1_000;
      if (!round.full) {
        const launch = await deps.launches.get(campaignId);
        if (launch?.status === 'completed') {
          completed = true;
          break;
        }
      }
      if (performance.now() - reported > 30_000) {
        reported = performance.now();
        const lastPage = pageMs[pageMs.length - 1] ?? 0;
        say(
          `  ${(rounds * pageSize).toLocaleString('en-US')} walked in ` +
            `${((reported - t0) / 1_000).toFixed(0)} s; last page read ${lastPage.toFixed(0)} ms; ` +
            `RSS ${Math.round(process.memoryUsage().rss / MIB)} MiB`,
        );
      }
    }
    const seconds = (performance.now() - t0) / 1_000;
    const cpu = process.cpuUsage(cpu0);
    clearInterval(sampler);
    const rssEnd = process.memoryUsage().rss;
    rssPeak = Math.max(rssPeak, rssEnd);
    const mongoCpu1 = mongoPid === undefined ? undefined : cpuSecondsOf(mongoPid);
    const kafkaCpu1 = kafkaPid === undefined ? undefined : cpuSecondsOf(kafkaPid);
    const launch = await launches.get(campaignId);
    if (launch === undefined) throw new Error('the launch vanished');
    const tenth = Math.max(1, Math.floor(pageMs.length / 10));
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return sorted[Math.floor(sorted.length / 2)] ?? 0;
    };
    if (completed && launch.counts.scanned !== accounts)
      throw new Error(`${launch.counts.scanned} walked of ${accounts}`);
    if (handedOffTotal(launch.counts) !== published)
      throw new Error(`${published} published, ${handedOffTotal(launch.counts)} counted`);
    const mongoPeakRss = mongoPid === undefined ? undefined : peakRssOf(mongoPid);
    return {
      accounts,
      completed,
      walked: launch.counts.scanned,
      offers: published,
      holdout: launch.counts.holdout,
      seconds,
      rounds,
      pageSize,
      ports: watch.seconds,
      pageMs: { first: median(pageMs.slice(0, tenth)), last: median(pageMs.slice(-tenth)) },
      rss: { start: rssStart, peak: rssPeak, end: rssEnd },
      heapPeak,
      cpu: {
        node: (cpu.user + cpu.system) / 1e6,
        ...(mongoCpu0 !== undefined && mongoCpu1 !== undefined
          ? { mongo: mongoCpu1 - mongoCpu0 }
          : {}),
        ...(kafkaCpu0 !== undefined && kafkaCpu1 !== undefined
          ? { kafka: kafkaCpu1 - kafkaCpu0 }
          : {}),
      },
      ...(mongoPeakRss !== undefined ? { mongoPeakRss } : {}),
      insertSeconds,
      documentBytes,
    };
  } finally {
    await producer.disconnect().catch(() => undefined);
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    await deleteTopics(admin, topics).catch(() => undefined);
    await admin.disconnect();
    await mongo.db.dropDatabase().catch(() => undefined);
    await mongo.close();
  }
}

export async function benchCampaign(brokers: string[], mongoUri: string): Promise<BenchResult[]> {
  const sizes = (process.env['BENCH_CAMPAIGN_ACCOUNTS'] ?? '100000,1000000')
    .split(',')
    .map((size) => Number(size.trim()))
    .filter((size) => Number.isInteger(size) && size > 0);
  const say = (line: string) => console.error(`[campaign] ${line}`);
  const runs: WalkRun[] = [];
  for (const accounts of sizes) {
    const run = await walkOnce(brokers, mongoUri, accounts, say);
    runs.push(run);
    say(describe(run));
  }
  const mib = (bytes: number) => `${Math.round(bytes / MIB).toLocaleString('en-US')} MiB`;
  return runs.flatMap((run) => {
    const size = run.accounts.toLocaleString('en-US');
    const state = run.completed
      ? 'to completed'
      : `**stopped after ${run.seconds.toFixed(0)} s, not completed**`;
    const servers = [
      run.cpu.mongo !== undefined ? `MongoDB ${run.cpu.mongo.toFixed(1)}` : '',
      run.cpu.kafka !== undefined ? `Kafka ${run.cpu.kafka.toFixed(1)}` : '',
    ].filter(Boolean);
    return [
      {
        name: `Campaign launch walk, ${size} accounts`,
        operations: run.walked,
        seconds: run.seconds,
        note:
          `${state}; pages of ${run.pageSize}, page read ` +
          `${run.pageMs.first.toFixed(1)} → ${run.pageMs.last.toFixed(1)} ms (first → last tenth); ` +
          `**peak RSS ${mib(run.rss.peak)}** (${mib(run.rss.start)} at start, ${mib(run.rss.end)} ` +
          `at end, heap ≤ ${mib(run.heapPeak)}); CPU s Node ${run.cpu.node.toFixed(1)}` +
          (servers.length > 0 ? `, ${servers.join(', ')}` : ''),
      },
      {
        name: `Campaign offers published, ${size} accounts`,
        operations: run.offers,
        seconds: run.seconds,
        note:
          `campaign.offer to Kafka (${run.holdout.toLocaleString('en-US')} in the holdout); ` +
          `time in ${portsText(run)}`,
      },
    ];
  });
}

function portsText(run: WalkRun): string {
  const parts = [...run.ports].map(
    ([name, seconds]) => `${name} ${((seconds / run.seconds) * 100).toFixed(0)} %`,
  );
  const inPorts = [...run.ports.values()].reduce((sum, s) => sum + s, 0);
  parts.push(`the rest (deciding) ${(((run.seconds - inPorts) / run.seconds) * 100).toFixed(0)} %`);
  return parts.join(', ');
}

function describe(run: WalkRun): string {
  const mib = (bytes: number) => Math.round(bytes / MIB);
  return (
    `${run.accounts.toLocaleString('en-US')}: ${run.completed ? 'completed' : 'stopped'}, ` +
    `${run.walked.toLocaleString('en-US')} walked and ${run.offers.toLocaleString('en-US')} ` +
    `published in ${run.seconds.toFixed(1)} s (${run.rounds} rounds; ` +
    `insert ${run.insertSeconds.toFixed(1)} s, ` +
    `${run.documentBytes} B/account); page read ${run.pageMs.first.toFixed(1)} → ` +
    `${run.pageMs.last.toFixed(1)} ms; RSS ${mib(run.rss.start)} → peak ${mib(run.rss.peak)} → ` +
    `${mib(run.rss.end)} MiB; CPU s Node ${run.cpu.node.toFixed(1)} MongoDB ` +
    `${run.cpu.mongo?.toFixed(1) ?? '?'} Kafka ${run.cpu.kafka?.toFixed(1) ?? '?'}; MongoDB ` +
    `peak RSS ${run.mongoPeakRss === undefined ? '?' : mib(run.mongoPeakRss)} MiB; ` +
    `time in ${portsText(run)}`
  );
}
