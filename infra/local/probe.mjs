// Readiness probe for infra/local/up.sh: a real metadata request to Kafka and a real `ping` to the
// MongoDB-wire server, retried until both answer. Prints what answered as JSON on stdout.
// Plain JavaScript on purpose: it runs before the TypeScript workspace is built.
import kafkajs from 'kafkajs';
import { MongoClient } from 'mongodb';

// kafkajs is CommonJS and Node cannot see all of its named exports from ESM.
const { Kafka, logLevel, ConfigResourceTypes } = kafkajs;

const [brokers, mongoUri] = process.argv.slice(2);
if (!brokers || !mongoUri) {
  console.error('usage: node probe.mjs <kafka-brokers> <mongodb-uri>');
  process.exit(2);
}
const deadline = Date.now() + Number(process.env.KINDLY_PROBE_TIMEOUT_MS ?? 90_000);

async function untilDeadline(what, attempt) {
  let lastError;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  throw new Error(`${what} did not answer: ${lastError?.message ?? 'timeout'}`);
}

async function probeKafka() {
  const kafka = new Kafka({
    clientId: 'kindly-infra-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const cluster = await admin.describeCluster();
    await admin.listTopics();
    const broker = String(cluster.brokers[0]?.nodeId ?? 1);
    const configs = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: broker,
          configNames: ['inter.broker.protocol.version'],
        },
      ],
    });
    const entry = configs.resources[0]?.configEntries[0];
    // The broker reports its newest protocol version, e.g. "3.9-IV0": the software line it runs.
    return { brokers: cluster.brokers.length, version: entry?.configValue ?? 'unknown' };
  } finally {
    await admin.disconnect();
  }
}

async function probeMongo() {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 2_000 });
  try {
    await client.connect();
    await client.db('admin').command({ ping: 1 });
    const info = await client.db('admin').command({ buildInfo: 1 });
    const status = await client
      .db('admin')
      .command({ serverStatus: 1 })
      .catch(() => ({}));
    const server = info.ferretdbVersion
      ? `FerretDB ${info.ferretdbVersion.replace(/^v/, '')} (MongoDB ${info.version} wire)`
      : status.process === 'java'
        ? `mongo-java-server (MongoDB ${info.version} wire)`
        : `MongoDB ${info.version}`;
    return { server, version: info.version };
  } finally {
    await client.close();
  }
}

try {
  const [kafka, mongo] = await Promise.all([
    untilDeadline(`Kafka at ${brokers}`, probeKafka),
    untilDeadline(`MongoDB at ${mongoUri}`, probeMongo),
  ]);
  process.stdout.write(`${JSON.stringify({ kafka, mongo })}\n`);
} catch (error) {
  console.error(`[infra] ${error.message}`);
  process.exit(1);
}
