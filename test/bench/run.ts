// `npm run bench`: throughput of Kindly's building blocks against the real local servers.
// Prints a Markdown table to paste into test/bench/RESULTS.md with the machine and the date.
// Timing is measured here and only here; no test asserts a duration.
import os from 'node:os';
import { createKafka, describeBroker } from '@kindly/kafka';
import { connectMongo, describeMongoServer } from '@kindly/mongo';
import { infraFromEnvironment, startLocalInfra } from '@kindly/testing/local-infra';
import { benchDispatcher } from './dispatcher.bench.js';
import { benchKafka } from './kafka.bench.js';
import { benchMongo } from './mongo.bench.js';
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

const fromEnv = infraFromEnvironment();
const infra = fromEnv ? { ...fromEnv, stop: async () => {} } : await startLocalInfra();
try {
  const results = [
    ...(await benchPlannerDecisions()),
    ...(await benchKafka(infra.kafkaBrokers)),
    ...(await benchMongo(infra.mongoUri)),
    ...(await benchPlannerService(infra.kafkaBrokers, infra.mongoUri)),
    ...(await benchScheduler(infra.kafkaBrokers, infra.mongoUri)),
    ...(await benchRenderer()),
    ...(await benchDispatcher()),
  ];
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
