import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { sampleEvents, topicSpecs, type EventOf, type EventType } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  deleteTopics,
  ensureTopics,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo, ensureIndexes } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import {
  bankTopics,
  campaignTopics,
  pipelineTopics,
  PlannerSettingsSchema,
  startPlanner,
} from '@kindly/planner';
import { loadPlanningRules } from '@kindly/rules';
import { collectionCatalog } from '@kindly/provisioning';
import { ServiceSettings } from '@kindly/service';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

const ACCOUNTS = 1_000;
const INPUTS = ['account.overdue', 'contact.updated', 'contact.consent'] as const;

/**
 * The planner service end to end: bank events in through Kafka, state and decisions in MongoDB,
 * `outreach.planned` out through Kafka. Measures events handled per second until every account's
 * message is planned (three events per account).
 */
export async function benchPlannerService(
  brokers: string[],
  mongoUri: string,
): Promise<BenchResult[]> {
  const prefix = `bench-planner-${randomBytes(3).toString('hex')}.`;
  const database = `bench_planner_${randomBytes(3).toString('hex')}`;
  const kafka = createKafka({ brokers, clientId: 'bench-planner' });
  const admin = kafka.admin();
  await admin.connect();
  const specs = topicSpecs({
    prefix,
    only: [
      ...bankTopics,
      ...pipelineTopics,
      ...campaignTopics,
      'outreach.planned',
      'outreach.suppressed',
      'outreach.cancelled',
    ],
  });
  await ensureTopics(admin, specs);
  const mongo = await connectMongo({ uri: mongoUri, database, appName: 'bench-planner' });
  await ensureIndexes(mongo.db, collectionCatalog);
  const producer = createProducer(kafka);
  await producer.connect();

  const settings = parseConfig(ServiceSettings.extend(PlannerSettingsSchema.shape), {
    KAFKA_BROKERS: brokers.join(','),
    MONGODB_URI: mongoUri,
    KAFKA_TOPIC_PREFIX: prefix,
  });
  const planner = await startPlanner(
    {
      settings,
      logger: createLogger({ service: 'planner', level: 'silent' }),
      metrics: createMetrics({ service: 'planner' }),
      clock: new ManualClock(DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' })),
      kafka,
      producer,
      mongo,
    },
    loadPlanningRules(),
  );

  // Contacts and consents first, so that every overdue event finds its customer reachable.
  const publisher = createEventPublisher(producer, bindTopics(INPUTS, prefix));
  // One copy of the sample per account; spreading a sample keeps its exact type.
  function events<K extends EventType>(type: K): EventOf<K>[] {
    const sample: EventOf<K> = sampleEvents[type];
    return Array.from({ length: ACCOUNTS }, (_, i) => ({
      ...sample,
      eventId: `${type}-${i}`,
      payload: { ...sample.payload, accountId: `acct-${i}` },
    }));
  }
  const planned = mongo.db.collection('planned-messages');
  const seconds = await timed(async () => {
    await publisher.publish('contact.updated', events('contact.updated'));
    await publisher.publish('contact.consent', events('contact.consent'));
    await publisher.publish('account.overdue', events('account.overdue'));
    while ((await planned.countDocuments({ published: true })) < ACCOUNTS) {
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  await planner.stop();
  await producer.disconnect();
  await mongo.db.dropDatabase();
  await mongo.close();
  await deleteTopics(
    admin,
    specs.map((s) => s.name),
  );
  await admin.disconnect();
  return [
    {
      name: 'Planner service, Kafka → MongoDB → Kafka',
      operations: ACCOUNTS * INPUTS.length,
      seconds,
      note: `${ACCOUNTS.toLocaleString('en-US')} accounts × 3 bank events until every message is planned; includes the group join`,
    },
  ];
}
