// `npm run bench`: throughput of Kindly's building blocks against the real local servers.
// Prints a Markdown table to paste into test/bench/RESULTS.md with the machine and the date.
// Timing is measured here and only here; no test asserts a duration.
// Select benchmarks by name: `npm run bench -- pipeline kafka` or BENCH_ONLY=pipeline,kafka
// (names: planner, kafka, mongo, planner-service, scheduler, renderer, dispatcher, pipeline,
// audit, campaign).
// The pipeline benchmark brings the raw parts on its path (kafka, mongo, dispatcher) along, for
// its ratio; its sizes and modes: see pipeline.bench.ts (BENCH_ACCOUNTS, BENCH_MODES).
import os from 'node:os';
import { createKafka, describeBroker } from '@kindly/kafka';
import { connectMongo, describeMongoServer } from '@kindly/mongo';
import { infraFromEnvironment, startLocalInfra } from '@kindly/testing/local-infra';
import { benchAudit } from './audit.bench.js';
import { benchCampaign } from './campaign.bench.js';
import { benchDispatcher } from './dispatcher.bench.js';
import { benchKafka } from './kafka.bench.js';
import { benchMongo } from './mongo.bench.js';
import { benchPipeline } from './pipeline.bench.js';
import { benchPlannerDecisions } from './planner.bench.js';
import { benchPlannerService } from './planner-service.bench.js';
import { benchRenderer } from './renderer.bench.js';
import { benchScheduler } from './scheduler.bench.js';

export interface BenchResult {
  readonly name: string;
  readonly operations: number;
  readonly seconds: number;
  readonly note: string;
}

const benchNames = [
  'planner',
  'kafka',
  'mongo',
  'planner-service',
  'scheduler',
  'renderer',
  'dispatcher',
  'pipeline',
  'audit',
  'campaign',
] as const;
type BenchName = (typeof benchNames)[number];
const asked = [...process.argv.slice(2), ...(process.env['BENCH_ONLY'] ?? '').split(',')]
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = asked.filter((name) => !(benchNames as readonly string[]).includes(name));
if (unknown.length > 0) {
  throw new Error(`no benchmark named ${unknown.join(', ')}: choose from ${benchNames.join(', ')}`);
}
const selected = new Set<BenchName>(asked.length > 0 ? (asked as BenchName[]) : benchNames);
if (selected.has('pipeline'))
  for (const raw of ['kafka', 'mongo', 'dispatcher'] as const) selected.add(raw);
const when = async (name: BenchName, run: () => Promise<BenchResult[]>) =>
  selected.has(name) ? run() : [];

const fromEnv = infraFromEnvironment();
const infra = fromEnv ? { ...fromEnv, stop: async () => {} } : await startLocalInfra();
try {
  const results = [
    ...(await when('planner', () => benchPlannerDecisions())),
    ...(await when('kafka', () => benchKafka(infra.kafkaBrokers))),
    ...(await when('mongo', () => benchMongo(infra.mongoUri))),
    ...(await when('planner-service', () =>
      benchPlannerService(infra.kafkaBrokers, infra.mongoUri),
    )),
    ...(await when('scheduler', () => benchScheduler(infra.kafkaBrokers, infra.mongoUri))),
    ...(await when('renderer', () => benchRenderer())),
    ...(await when('dispatcher', () => benchDispatcher())),
    ...(await when('audit', () => benchAudit(infra.mongoUri))),
    ...(await when('campaign', () => benchCampaign(infra.kafkaBrokers, infra.mongoUri))),
  ];
  const pipeline = selected.has('pipeline')
    ? await benchPipeline(infra.kafkaBrokers, infra.mongoUri, results)
    : undefined;
  if (pipeline) results.push(...pipeline.results);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const servers = await describeServers(infra.kafkaBrokers, infra.mongoUri);
  console.log(
    `\n${new Date().toISOString().slice(0, 10)} · ${os.cpus().length} × ${cpu} · ` +
      `${Math.round(os.totalmem() / 2 ** 30)} GiB · Node ${process.version} · ${servers}\n`,
  );
  console.log('| benchmark | operations | seconds | per second | note |');
  console.log('| --- | ---: | ---: | ---: | --- |');
  for (const r of results) {
    const rate = Math.round(r.operations / r.seconds).toLocaleString('en-US');
    console.log(
      `| ${r.name} | ${r.operations.toLocaleString('en-US')} | ${r.seconds.toFixed(2)} | ${rate} | ${r.note} |`,
    );
  }
  if (pipeline) console.log(pipeline.report);
} finally {
  await infra.stop();
}

async function describeServers(brokers: string[], mongoUri: string): Promise<string> {
  const admin = createKafka({ brokers, clientId: 'kindly-bench' }).admin();
  await admin.connect();
  const broker = await describeBroker(admin).finally(() => admin.disconnect());
  const mongo = await connectMongo({ uri: mongoUri, database: 'admin', appName: 'kindly-bench' });
  const server = await describeMongoServer(mongo.client).finally(() => mongo.close());
  return `Apache Kafka ${broker.protocolVersion}, ${server.product}`;
}
