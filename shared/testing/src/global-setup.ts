import type { TestProject } from 'vitest/node';
import { createKafka, describeBroker } from '@kindly/kafka';
import { connectMongo, describeMongoServer } from '@kindly/mongo';
import type { TestInfra } from './infra-context.js';
import { startContainers } from './containers.js';
import { infraFromEnvironment, startLocalInfra } from './local-infra.js';

interface Endpoints {
  kafkaBrokers: string[];
  mongoUri: string;
  source: TestInfra['source'];
  stop: () => Promise<void>;
}

/**
 * Vitest global setup: finds a real Kafka and a real MongoDB-wire server once per run.
 * In order: endpoints from the environment (KAFKA_BROKERS and MONGODB_URI); containers when a
 * container runtime answers; else the Docker-less servers of infra/local, started here if they
 * do not run yet and stopped again afterwards (only if this run started them).
 * KINDLY_TEST_INFRA=none skips all of it (unit tests); =local forces infra/local.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env['KINDLY_TEST_INFRA'] === 'none') {
    project.provide('kindlyInfra', null);
    return async () => {};
  }
  const endpoints = fromEnvironment() ?? (await fromContainers()) ?? (await fromInfraLocal());
  try {
    const infra = await describe(endpoints);
    console.log(
      `[kindly] tests talk to Apache Kafka ${infra.kafkaVersion} at ${infra.kafkaBrokers.join(',')} ` +
        `and ${infra.mongoProduct} at ${redactUri(infra.mongoUri)} (from ${infra.source})`,
    );
    project.provide('kindlyInfra', infra);
  } catch (error) {
    await endpoints.stop();
    throw error;
  }
  return endpoints.stop;
}

function fromEnvironment(): Endpoints | null {
  const found = infraFromEnvironment();
  return found && { ...found, source: 'environment', stop: async () => {} };
}

async function fromContainers(): Promise<Endpoints | null> {
  if (process.env['KINDLY_TEST_INFRA'] === 'local') return null;
  const started = await startContainers();
  return started && { ...started, source: 'testcontainers' };
}

async function fromInfraLocal(): Promise<Endpoints> {
  // A developer's own `npm run infra:up` outlives the tests: stop() leaves it running.
  return { ...(await startLocalInfra()), source: 'infra/local' };
}

async function describe(endpoints: Endpoints): Promise<TestInfra> {
  const admin = createKafka({
    brokers: endpoints.kafkaBrokers,
    clientId: 'kindly-test-setup',
  }).admin();
  await admin.connect();
  const broker = await describeBroker(admin).finally(() => admin.disconnect());
  const mongo = await connectMongo({
    uri: endpoints.mongoUri,
    database: 'admin',
    appName: 'kindly-test-setup',
  });
  const server = await describeMongoServer(mongo.client).finally(() => mongo.close());
  return {
    kafkaBrokers: endpoints.kafkaBrokers,
    mongoUri: endpoints.mongoUri,
    source: endpoints.source,
    kafkaVersion: broker.protocolVersion,
    mongoProduct: server.product,
    mongoFlavour: server.flavour,
  };
}

/** Credentials in a MongoDB URI must not reach the test log. */
function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]+@/, '//***@');
}
