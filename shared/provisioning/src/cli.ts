#!/usr/bin/env node
// `npm run provision`: create Kindly's topics and indexes on the Kafka and MongoDB named by
// KAFKA_BROKERS, MONGODB_URI and MONGODB_DATABASE. Each failure is one line on standard error,
// never a stack trace: 69 Kafka or MongoDB away (try again later), 78 a setting to fix, 1 else.
import { ConfigError, EXIT, InfraSettings, parseConfig } from '@kindly/config';
import { progressFor } from '@kindly/progress';
import { collectionCatalog } from './collection-catalog.js';
import { provision, UnreachableError } from './provision.js';

const progress = progressFor(process.stderr, {
  label: 'steps',
  format: '{bar} {value}/{total} {step}',
});
try {
  const settings = parseConfig(InfraSettings);
  // The topics are one step, then each collection's indexes one.
  progress.start(1 + collectionCatalog.length, { step: 'topics' });
  const report = await provision(
    {
      kafkaBrokers: settings.KAFKA_BROKERS,
      mongoUri: settings.MONGODB_URI,
      mongoDatabase: settings.MONGODB_DATABASE,
      quietKafka: true,
    },
    {},
    (done, _total, step) => progress.update(done, { step }),
  ).finally(() => progress.stop());
  const { created, partitionsAdded, unchanged } = report.topics;
  console.log(
    `topics: ${created.length} created, ${partitionsAdded.length} grown, ${unchanged.length} unchanged`,
  );
  console.log(`collections: ${report.collections.join(', ')} (indexes ensured)`);
} catch (error) {
  if (error instanceof ConfigError) fail(error.message, EXIT.settings);
  else if (error instanceof UnreachableError) fail(error.message, EXIT.unavailable);
  else fail(error instanceof Error ? error.message : String(error), EXIT.findings);
}

function fail(message: string, code: number): void {
  console.error(`provision: ${message}`);
  process.exitCode = code;
}
