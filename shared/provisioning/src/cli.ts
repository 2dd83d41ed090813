#!/usr/bin/env node
// `npm run provision`: create Kindly's topics and indexes on the Kafka and MongoDB named by
// KAFKA_BROKERS, MONGODB_URI and MONGODB_DATABASE.
import { ConfigError, InfraSettings, parseConfig } from '@kindly/config';
import { provision } from './provision.js';

try {
  const settings = parseConfig(InfraSettings);
  const report = await provision({
    kafkaBrokers: settings.KAFKA_BROKERS,
    mongoUri: settings.MONGODB_URI,
    mongoDatabase: settings.MONGODB_DATABASE,
  });
  const { created, partitionsAdded, unchanged } = report.topics;
  console.log(
    `topics: ${created.length} created, ${partitionsAdded.length} grown, ${unchanged.length} unchanged`,
  );
  console.log(`collections: ${report.collections.join(', ')} (indexes ensured)`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exitCode = 1;
}
