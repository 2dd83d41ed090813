import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { topicSpecs, type EventOf } from '@kindly/contracts';
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
import { collectionCatalog } from '@kindly/provisioning';
import { loadPlanningRules } from '@kindly/rules';
import {
  SCHEDULED_MESSAGES,
  SCHEDULER_ACCOUNTS,
  SchedulerSettingsSchema,
  schedulerTopics,
  startScheduler,
} from '@kindly/scheduler';
import { aNewYorkAccount, plannedEvent } from '@kindly/scheduler/testing';
import { ServiceSettings } from '@kindly/service';
import type { BenchResult } from './run.js';

const MESSAGES = 5_000;
const DUE = '2026-03-04T14:00:00Z';

/**
 * One scheduler replica end to end: plans in through Kafka into the waiting room, then all due at
 * once; the release rate is from the moment they became due until the last `outreach.released`
 * was read back from Kafka, and the lag is how long after becoming due each release arrived.
 */
export async function benchScheduler(brokers: string[], mongoUri: string): Promise<BenchResult[]> {
  const prefix = `bench-scheduler-${randomBytes(3).toString('hex')}.`;
  const database = `bench_scheduler_${randomBytes(3).toString('hex')}`;
  const kafka = createKafka({ brokers, clientId: 'bench-scheduler' });
  const admin = kafka.admin();
  await admin.connect();
  const specs = topicSpecs({ prefix, only: [...schedulerTopics, 'outreach.released'] });
  await ensureTopics(admin, specs);
  const mongo = await connectMongo({ uri: mongoUri, database, appName: 'bench-scheduler' });
  await ensureIndexes(mongo.db, collectionCatalog);
  const producer = createProducer(kafka);
  await producer.connect();

  const plans: EventOf<'outreach.planned'>[] = [];
  const states = [];
  for (let i = 0; i < MESSAGES; i++) {
    const account = aNewYorkAccount(`bench-${i}`);
    plans.push(plannedEvent(account, DUE));
    states.push({ _id: `bank-1:${account.accountId}`, ...account.stateAfter, version: 1 });
  }
  await mongo.db.collection(SCHEDULER_ACCOUNTS).insertMany(states as never[]);

  const arrivals: number[] = [];
  const reader = kafka.consumer({ groupId: `${prefix}reader` });
  await reader.connect();
  await reader.subscribe({ topics: [`${prefix}outreach.released.v1`], fromBeginning: true });
  await reader.run({
    eachMessage: () => {
      arrivals.push(Date.now());
      return Promise.resolve();
    },
  });

  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const settings = parseConfig(ServiceSettings.extend(SchedulerSettingsSchema.shape), {
    KAFKA_BROKERS: brokers.join(','),
    MONGODB_URI: mongoUri,
    KAFKA_TOPIC_PREFIX: prefix,
    SCHEDULER_POLL_INTERVAL_MS: '50',
  });
  const scheduler = await startScheduler(
    {
      settings,
      logger: createLogger({ service: 'scheduler', level: 'silent' }),
      metrics: createMetrics({ service: 'scheduler' }),
      clock,
      kafka,
      producer,
      mongo,
    },
    loadPlanningRules(),
  );
  try {
    const ingestStart = Date.now();
    const publisher = createEventPublisher(producer, bindTopics(['outreach.planned'], prefix));
    for (let i = 0; i < plans.length; i += 500) {
      await publisher.publish('outreach.planned', plans.slice(i, i + 500));
    }
    const waiting = mongo.db.collection(SCHEDULED_MESSAGES);
    while ((await waiting.countDocuments({ state: 'waiting' })) < MESSAGES) await pause(50);
    const ingestSeconds = (Date.now() - ingestStart) / 1_000;

    const due = Date.now();
    clock.set(DateTime.fromISO(DUE, { zone: 'utc' }));
    while (arrivals.length < MESSAGES) await pause(20);
    const releaseSeconds = (Date.now() - due) / 1_000;
    const lags = arrivals.map((at) => at - due).sort((a, b) => a - b);
    const lag = (q: number) =>
      `${((lags[Math.floor(q * (lags.length - 1))] ?? 0) / 1_000).toFixed(1)} s`;
    return [
      {
        name: 'scheduler: plans stored (Kafka → MongoDB)',
        operations: MESSAGES,
        seconds: ingestSeconds,
        note: 'one replica; insert by message id',
      },
      {
        name: 'scheduler: releases (all due at once)',
        operations: MESSAGES,
        seconds: releaseSeconds,
        note: `one replica, batches of 200; lag after due p50 ${lag(0.5)}, p99 ${lag(0.99)}`,
      },
    ];
  } finally {
    await scheduler.stop();
    await reader.disconnect();
    await producer.disconnect();
    await mongo.db.dropDatabase();
    await mongo.close();
    await deleteTopics(
      admin,
      specs.map((s) => s.name),
    ).finally(() => admin.disconnect());
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
