import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DateTime, Duration } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccountStateRepository } from '@kindly/account-state';
import { ManualClock, systemClock } from '@kindly/clock';
import type { EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import {
  createScheduleRepository,
  SCHEDULED_MESSAGES,
} from './data-access/scheduled-messages.repository.js';
import { releaseDue } from './domain/release-due.use-case.js';
import { bankTopics } from './entry-points/outreach-events.handlers.js';
import { SCHEDULER_ACCOUNTS } from './start-scheduler.js';
import {
  aNewYorkAccount,
  plannedEvent,
  rules,
  startReplica,
  stateOf,
  TENANT,
  until,
} from './testing/scheduler-fixtures.js';

const MESSAGES = 10_000;
const KILLED = 3_000;
// Wednesday 2026-03-04, 09:00 in New York: every message is due at once.
const DUE = '2026-03-04T14:00:00Z';
const fixture = fileURLToPath(new URL('./testing/replica.fixture.ts', import.meta.url));

interface Release {
  readonly eventId: string;
  readonly messageId: string;
}

/**
 * The accounts' facts are written straight into the scheduler's own collection (the bank-event
 * path is tested elsewhere); the plans go through Kafka, and every release is counted on the topic.
 */
describe('scheduler replicas, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  const releases: Release[] = [];
  const cancellations: Release[] = [];

  async function seed(prefix: string, count: number): Promise<EventOf<'outreach.planned'>[]> {
    const plans: EventOf<'outreach.planned'>[] = [];
    // The documents the account-state repository writes (`_id` tenant:account, a version).
    const documents = [];
    for (let i = 0; i < count; i++) {
      const account = aNewYorkAccount(`${prefix}-${i}`);
      plans.push(plannedEvent(account, DUE));
      documents.push({ _id: `bank-1:${account.accountId}`, ...account.stateAfter, version: 1 });
    }
    await ns.mongo.db.collection(SCHEDULER_ACCOUNTS).insertMany(documents as never[]);
    expect(plans[0]?.payload.earliestSendAt).toBe(DUE);
    return plans;
  }

  async function publishPlans(plans: readonly EventOf<'outreach.planned'>[]) {
    const publisher = createEventPublisher(producer, bindTopics(['outreach.planned'], ns.prefix));
    for (let i = 0; i < plans.length; i += 500) {
      await publisher.publish('outreach.planned', plans.slice(i, i + 500));
    }
  }

  async function countState(prefix: string, state: string): Promise<number> {
    return ns.mongo.db
      .collection(SCHEDULED_MESSAGES)
      .countDocuments({ state, accountKey: { $regex: `^bank-1:${prefix}-` } });
  }

  function releasesOf(prefix: string) {
    return releases.filter(
      (r) => r.messageId.length > 0 && r.eventId.length > 0 && prefixOf.get(r.messageId) === prefix,
    );
  }
  const prefixOf = new Map<string, string>();

  beforeAll(async () => {
    ns = await provisionTestNamespace('scheduler-replicas', [
      ...bankTopics,
      'outreach.planned',
      'outreach.released',
      'outreach.cancelled',
    ]);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'replicas-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('outreach.released'), ns.topic('outreach.cancelled')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        const event = JSON.parse(message.value?.toString() ?? '{}') as EventOf<'outreach.released'>;
        const list = topic === ns.topic('outreach.cancelled') ? cancellations : releases;
        list.push({ eventId: event.eventId, messageId: event.payload.messageId });
      },
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it(`releases ${MESSAGES.toLocaleString('en')} messages due at once exactly once with two replicas`, async () => {
    const plans = await seed('two', MESSAGES);
    for (const plan of plans) prefixOf.set(plan.payload.messageId, 'two');
    // The clock stands before the window while the plans come in.
    const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
    const replicas = await Promise.all([
      startReplica({ ns, clock, owner: 'replica-a', env: { SCHEDULER_BATCH_SIZE: '250' } }),
      startReplica({ ns, clock, owner: 'replica-b', env: { SCHEDULER_BATCH_SIZE: '250' } }),
    ]);
    try {
      await publishPlans(plans);
      await until(
        'every plan stored',
        async () => (await countState('two', 'waiting')) === MESSAGES,
        120_000,
      );
      clock.set(DateTime.fromISO(DUE, { zone: 'utc' }));
      await until(
        'every message released',
        () => new Set(releasesOf('two').map((r) => r.messageId)).size === MESSAGES,
        240_000,
      );
      // Let any straggler arrive before counting.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
    const mine = releasesOf('two');
    expect(mine).toHaveLength(MESSAGES);
    expect(new Set(mine.map((r) => r.eventId)).size).toBe(MESSAGES);
    expect(await countState('two', 'released')).toBe(MESSAGES);
    // Both replicas did part of the work, and no claim is left behind.
    const owners = await ns.mongo.db
      .collection(SCHEDULED_MESSAGES)
      .distinct('releasedBy', { accountKey: { $regex: '^bank-1:two-' } });
    expect(owners.sort()).toEqual(['replica-a', 'replica-b']);
    expect(await countState('two', 'claimed')).toBe(0);
  }, 400_000);

  it('loses nothing and duplicates nothing when a replica is killed mid-release', async () => {
    const plans = await seed('kill', KILLED);
    for (const plan of plans) prefixOf.set(plan.payload.messageId, 'kill');
    // Stored while no replica releases: the clock of the survivor stands before the window.
    const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
    const survivor = await startReplica({
      ns,
      clock,
      owner: 'survivor',
      env: { SCHEDULER_BATCH_SIZE: '100', SCHEDULER_LEASE_MS: '2000' },
    });
    try {
      await publishPlans(plans);
      await until(
        'every plan stored',
        async () => (await countState('kill', 'waiting')) === KILLED,
        120_000,
      );
      const child = spawn(
        process.execPath,
        ['--conditions=@kindly/source', '--import', 'tsx', fixture],
        {
          env: {
            ...process.env,
            KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
            MONGODB_URI: ns.infra.mongoUri,
            MONGODB_DATABASE: ns.database,
            KAFKA_TOPIC_PREFIX: ns.prefix,
            HEALTH_PORT: '0',
            LOG_LEVEL: 'silent',
            INSTANCE_ID: 'doomed',
            FIXED_NOW: DUE,
            SCHEDULER_BATCH_SIZE: '100',
            SCHEDULER_LEASE_MS: '2000',
            SCHEDULER_POLL_INTERVAL_MS: '50',
          },
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      // Kill it while it holds claims, part way through.
      await until(
        'the doomed replica releasing, with claims in hand',
        async () =>
          (await countState('kill', 'released')) >= 300 &&
          (await ns.mongo.db
            .collection(SCHEDULED_MESSAGES)
            .countDocuments({ state: 'claimed', leaseOwner: 'doomed' })) > 0,
        120_000,
      );
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      clock.set(DateTime.fromISO(DUE, { zone: 'utc' }));
      await until(
        'every message released',
        async () => (await countState('kill', 'released')) === KILLED,
        240_000,
      );
      await until(
        'every release on the topic',
        () => new Set(releasesOf('kill').map((r) => r.messageId)).size === KILLED,
        60_000,
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const mine = releasesOf('kill');
      // Nothing lost: every message released. Nothing duplicated: one event id per message, so a
      // record published twice (a replica killed, or too slow, between publishing and recording)
      // is the same event, which consumers drop; and only a message claimed twice can be.
      const idsByMessage = new Map<string, Set<string>>();
      for (const r of mine) {
        idsByMessage.set(r.messageId, (idsByMessage.get(r.messageId) ?? new Set()).add(r.eventId));
      }
      expect(idsByMessage.size).toBe(KILLED);
      expect([...idsByMessage.values()].every((ids) => ids.size === 1)).toBe(true);
      const claimedTwice = await ns.mongo.db
        .collection(SCHEDULED_MESSAGES)
        .countDocuments({ claims: { $gt: 1 }, accountKey: { $regex: '^bank-1:kill-' } });
      expect(mine.length - KILLED).toBeLessThanOrEqual(claimedTwice);
      expect(
        await ns.mongo.db
          .collection(SCHEDULED_MESSAGES)
          .countDocuments({ state: 'claimed', accountKey: { $regex: '^bank-1:kill-' } }),
      ).toBe(0);
    } finally {
      await survivor.stop();
    }
  }, 400_000);

  it('publishes again the release a killed replica published, and never supersedes it', async () => {
    // A fallback: no consent to texts when it was planned, so the e-mail passed the text over.
    const account = aNewYorkAccount();
    const { accountId, contact, overdue, consent } = account;
    const noText = { ...account, events: [contact, overdue] };
    const plan = plannedEvent({ ...noText, stateAfter: stateOf(accountId, noText.events) }, DUE);
    expect(plan.payload).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    // The documents the account-state repository writes (`_id` tenant:account, a version).
    const states = ns.mongo.db.collection<{ _id: string; version: number }>(SCHEDULER_ACCOUNTS);
    const _id = `${TENANT}:${accountId}`;
    await states.insertOne({ _id, ...stateOf(accountId, noText.events), version: 1 });
    // The replica that dies: publishes the release, then is killed before settling its claim.
    const doomed = createScheduleRepository(ns.mongo.db, {
      owner: 'doomed-before-settling',
      leaseMs: 1_000,
      wallClock: systemClock,
    });
    await doomed.accept({
      tenantId: TENANT,
      plan: plan.payload,
      plannedEventId: plan.eventId,
      correlationId: plan.correlationId,
      earliestSendAt: plan.payload.earliestSendAt,
      latestSendAt: plan.payload.latestSendAt,
      reslots: 0,
    });
    const publisher = createEventPublisher(
      producer,
      bindTopics(['outreach.released', 'outreach.cancelled'], ns.prefix),
    );
    const killed = new Error('killed before settling');
    const round = releaseDue(
      {
        rules: {
          planning: rules,
          maxDelay: Duration.fromObject({ hours: 72 }),
          awaitAccountRetry: Duration.fromObject({ minutes: 1 }),
        },
        store: doomed,
        accounts: createAccountStateRepository(ns.mongo.db, SCHEDULER_ACCOUNTS),
        events: {
          publishReleased: async (list) => {
            await publisher.publish('outreach.released', list);
            throw killed;
          },
          publishCancelled: (list) => publisher.publish('outreach.cancelled', list),
        },
        batchSize: 100,
      },
      DateTime.fromISO(DUE, { zone: 'utc' }),
    );
    await expect(round).rejects.toBe(killed);
    const messageId = plan.payload.messageId;
    await until('the e-mail’s release on the topic', () =>
      releases.some((r) => r.messageId === messageId),
    );
    // The consent to texts arrives: a fresh look would now supersede the e-mail by the text.
    await states.replaceOne(
      { _id },
      { ...stateOf(accountId, [contact, overdue, consent]), version: 2 },
    );

    // Another replica takes the claim over once its lease has run out.
    const taker = await startReplica({
      ns,
      clock: new ManualClock(DateTime.fromISO(DUE, { zone: 'utc' })),
      owner: 'taker',
      env: { SCHEDULER_LEASE_MS: '1000' },
    });
    try {
      await until('the claim settled by the taker', async () => {
        const document = await ns.mongo.db
          .collection<{ _id: string; state: string }>(SCHEDULED_MESSAGES)
          .findOne({ _id: messageId });
        return document?.state !== 'claimed';
      });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      await taker.stop();
    }
    const settled = await ns.mongo.db
      .collection<{ _id: string }>(SCHEDULED_MESSAGES)
      .findOne({ _id: messageId });
    expect(settled).toMatchObject({ state: 'released', releasedBy: 'taker' });
    expect(settled).not.toHaveProperty('outbox');
    expect(cancellations.filter((c) => c.messageId === messageId)).toHaveLength(0);
    const mine = releases.filter((r) => r.messageId === messageId);
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(new Set(mine.map((r) => r.eventId)).size).toBe(1);
  }, 120_000);
});
