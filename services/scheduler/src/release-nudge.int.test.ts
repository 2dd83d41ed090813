import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import type { AnyEvent } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { SCHEDULER_ACCOUNTS } from './start-scheduler.js';
import { bankTopics } from './entry-points/outreach-events.handlers.js';
import {
  aNewYorkAccount,
  plannedEvent,
  startReplica,
  until,
} from './testing/scheduler-fixtures.js';

// Wednesday 2026-03-04, 09:00 in New York (EST): inside the window, so a plan is due at once.
const NOW = '2026-03-04T14:00:00Z';

describe('a plan due at once, with the release loop resting for a minute', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let replica: Awaited<ReturnType<typeof startReplica>> | undefined;
  const seen: AnyEvent[] = [];

  beforeAll(async () => {
    ns = await provisionTestNamespace('scheduler-nudge', [
      ...bankTopics,
      'outreach.planned',
      'outreach.released',
      'outreach.cancelled',
    ]);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'nudge-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({ topics: [ns.topic('outreach.released')], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
    // A pause far longer than the test's timeout: only taking the plan in can start a round.
    replica = await startReplica({
      ns,
      clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
      owner: 'scheduler-nudged',
      env: { SCHEDULER_POLL_INTERVAL_MS: '60000' },
    });
  });
  afterAll(async () => {
    await replica?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('is released when it is taken in, not at the end of the pause', async () => {
    const account = aNewYorkAccount();
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.planned'], ns.prefix),
    );
    for (const event of account.events) await publisher.publish(event.type, [event] as never[]);
    await until('the account folded', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(SCHEDULER_ACCOUNTS)
        .findOne({ _id: `bank-1:${account.accountId}` });
      return (doc?.version ?? 0) >= 3;
    });
    const plan = plannedEvent(account, NOW);
    expect(Date.parse(plan.payload.earliestSendAt)).toBeLessThanOrEqual(Date.parse(NOW));
    await publisher.publish('outreach.planned', [plan]);
    // Well before the loop's next round (a minute after its first): only the nudge can do it.
    await until(
      'the release',
      () =>
        seen.some(
          (e) => e.type === 'outreach.released' && e.payload.messageId === plan.payload.messageId,
        ),
      30_000,
    );
  });
});
