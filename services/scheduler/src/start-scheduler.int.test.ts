import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { newEventId, sampleEvents, type AnyEvent, type EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { SCHEDULED_MESSAGES } from './data-access/scheduled-messages.repository.js';
import { bankTopics } from './entry-points/outreach-events.handlers.js';
import { SCHEDULER_ACCOUNTS } from './start-scheduler.js';
import {
  aNewYorkAccount,
  plannedEvent,
  startReplica,
  stateOf,
  until,
  type NewYorkAccount,
} from './testing/scheduler-fixtures.js';

// Wednesday 2026-03-04, 07:00 in New York (EST): the window opens at 08:00 (13:00Z).
const START = '2026-03-04T12:00:00Z';
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });

describe('the scheduler service, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let replica: Awaited<ReturnType<typeof startReplica>> | undefined;
  const clock = new ManualClock(utc(START));
  const seen: AnyEvent[] = [];

  const outputs = <K extends 'outreach.released' | 'outreach.cancelled'>(
    type: K,
    accountId: string,
  ) => seen.filter((e): e is EventOf<K> => e.type === type && e.payload.accountId === accountId);

  async function send(...events: (BankInput | EventOf<'outreach.planned'>)[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.planned'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** Waits until the scheduler folded in an account's events (its state version reached n). */
  async function folded(accountId: string, version: number): Promise<void> {
    await until(`account ${accountId} at version ${version}`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(SCHEDULER_ACCOUNTS)
        .findOne({ _id: `bank-1:${accountId}` });
      return (doc?.version ?? 0) >= version;
    });
  }

  async function stateOfMessage(messageId: string) {
    return ns.mongo.db
      .collection<{ _id: string; state: string; dueAt?: Date; reslots?: number }>(
        SCHEDULED_MESSAGES,
      )
      .findOne({ _id: messageId });
  }

  /**
   * Sends the account's facts and its plan (made at `plannedAt`, with `extra` in its payload), and
   * waits until both are in.
   */
  async function planned(
    account: NewYorkAccount,
    plannedAt: string,
    extra: Partial<EventOf<'outreach.planned'>['payload']> = {},
  ) {
    await send(...account.events);
    await folded(account.accountId, 3);
    const made = plannedEvent(account, plannedAt);
    const plan = { ...made, payload: { ...made.payload, ...extra } };
    await send(plan);
    await until('the plan in the waiting room', async () =>
      Boolean(await stateOfMessage(plan.payload.messageId)),
    );
    return plan;
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('scheduler', [
      ...bankTopics,
      'outreach.planned',
      'outreach.released',
      'outreach.cancelled',
    ]);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'scheduler-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('outreach.released'), ns.topic('outreach.cancelled')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
    replica = await startReplica({ ns, clock, owner: 'scheduler-a' });
  });
  afterAll(async () => {
    await replica?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('keeps a plan until its window opens, then releases it once', async () => {
    const account = aNewYorkAccount();
    // What the planner names the plan as made from: the release carries it on, for the audit.
    const provenance = {
      policyVersion: 3,
      policyHash: 'a'.repeat(64),
      strategyHash: 'b'.repeat(64),
    };
    const plan = await planned(account, START, provenance);
    expect(plan.payload.earliestSendAt).toBe('2026-03-04T13:00:00Z');
    // Before the window: nothing, however long the loop runs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outputs('outreach.released', account.accountId)).toHaveLength(0);

    clock.set(utc('2026-03-04T13:00:00Z'));
    await until('the release', () => outputs('outreach.released', account.accountId).length === 1);
    const [released] = outputs('outreach.released', account.accountId);
    expect(released?.payload).toMatchObject({
      messageId: plan.payload.messageId,
      templateId: plan.payload.templateId,
      strategyId: plan.payload.strategyId,
      latestSendAt: plan.payload.latestSendAt,
      ...provenance,
    });
    expect(released?.causationId).toBe(plan.eventId);
    // The same plan delivered again changes nothing.
    await send(plan);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outputs('outreach.released', account.accountId)).toHaveLength(1);
    expect((await stateOfMessage(plan.payload.messageId))?.state).toBe('released');
  });

  it('cancels a waiting message when a payment arrives between planning and release', async () => {
    const account = aNewYorkAccount();
    // Planned at 13:00Z for tomorrow's window (a cap or a wait put it there): made at 02:00Z
    // tomorrow, 21:00 in New York, so it is due at 08:00 the next day.
    const plan = await planned(account, '2026-03-05T02:30:00Z');
    expect(plan.payload.earliestSendAt).toBe('2026-03-05T13:00:00Z');
    const payment: EventOf<'account.payment'> = {
      ...sampleEvents['account.payment'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:10:00Z',
      payload: {
        ...sampleEvents['account.payment'].payload,
        accountId: account.accountId,
        amount: { amountMinor: 12_050, currency: 'USD' },
        remainingOverdue: { amountMinor: 0, currency: 'USD' },
        paidAt: '2026-03-04T13:09:00Z',
        curesAccount: true,
      },
    };
    await send(payment);
    await folded(account.accountId, 4);
    clock.set(utc('2026-03-05T13:00:00Z'));
    await until(
      'the cancellation',
      () => outputs('outreach.cancelled', account.accountId).length === 1,
    );
    expect(outputs('outreach.cancelled', account.accountId)[0]?.payload).toMatchObject({
      messageId: plan.payload.messageId,
      reason: 'PAID',
    });
    expect(outputs('outreach.released', account.accountId)).toHaveLength(0);
  });

  it('after an outage, holds a backlog found outside its window until the next one opens', async () => {
    await replica?.stop();
    replica = undefined;
    const accounts = [aNewYorkAccount(), aNewYorkAccount(), aNewYorkAccount()];
    // The consumer is down, so the plans wait in Kafka; only the waiting room is checked later.
    const plans = accounts.map((a) => plannedEvent(a, '2026-03-05T13:00:00Z'));
    await send(...accounts.flatMap((a) => a.events), ...plans);
    // Back at 23:00 in New York, after the window (08:00–21:00) closed.
    clock.set(utc('2026-03-06T04:00:00Z'));
    replica = await startReplica({ ns, clock, owner: 'scheduler-b' });
    await until('the backlog re-slotted', async () => {
      const states = await Promise.all(plans.map((p) => stateOfMessage(p.payload.messageId)));
      return states.every((s) => (s?.reslots ?? 0) >= 1);
    });
    for (const account of accounts) {
      expect(outputs('outreach.released', account.accountId)).toHaveLength(0);
    }
    const next = await stateOfMessage(plans[0]?.payload.messageId ?? '');
    // Friday 08:00 in New York.
    expect(next?.dueAt?.toISOString()).toBe('2026-03-06T13:00:00.000Z');

    clock.set(utc('2026-03-06T13:00:00Z'));
    await until('the backlog released in its window', () =>
      accounts.every((a) => outputs('outreach.released', a.accountId).length === 1),
    );
    for (const account of accounts) {
      const [released] = outputs('outreach.released', account.accountId);
      const localHour = utc(released?.occurredAt ?? '').setZone('America/New_York').hour;
      expect(localHour).toBeGreaterThanOrEqual(8);
      expect(localHour).toBeLessThan(21);
    }
  });

  it('holds a fallback, and cancels it as PREFERRED_CHANNEL when the text’s consent comes meanwhile', async () => {
    // Friday 10:00 in New York, inside the window: every plan made now is due now.
    const at = '2026-03-06T15:00:00Z';
    clock.set(utc(at));
    // No consent to texts yet: the planner falls back from the text to the e-mail.
    const fallbackAccount = aNewYorkAccount();
    const { contact, overdue, consent } = fallbackAccount;
    const noText = { ...fallbackAccount, events: [contact, overdue] };
    const fallback = plannedEvent(
      { ...noText, stateAfter: stateOf(fallbackAccount.accountId, noText.events) },
      at,
    );
    expect(fallback.payload).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    await send(...noText.events);
    await folded(fallbackAccount.accountId, 2);
    await send(fallback);
    // A plan of another account that passed nothing over, made at the same instant.
    const plain = await planned(aNewYorkAccount(), at);
    expect(plain.payload.passedOver).toBeUndefined();
    await until('the fallback in the waiting room', async () =>
      Boolean(await stateOfMessage(fallback.payload.messageId)),
    );

    // The plain plan goes at once; the fallback waits the hold (2 s on the scheduler's clock).
    await until(
      'the plain release',
      () => outputs('outreach.released', plain.payload.accountId).length === 1,
    );
    expect((await stateOfMessage(fallback.payload.messageId))?.dueAt?.toISOString()).toBe(
      '2026-03-06T15:00:02.000Z',
    );
    expect(outputs('outreach.released', fallbackAccount.accountId)).toHaveLength(0);

    // The consent of the same instant arrives during the hold; the hold passes.
    await send(consent);
    await folded(fallbackAccount.accountId, 3);
    clock.set(utc('2026-03-06T15:00:03Z'));
    await until(
      'the supersession',
      () => outputs('outreach.cancelled', fallbackAccount.accountId).length === 1,
    );
    expect(outputs('outreach.cancelled', fallbackAccount.accountId)[0]?.payload).toMatchObject({
      messageId: fallback.payload.messageId,
      reason: 'PREFERRED_CHANNEL',
    });
    expect((await stateOfMessage(fallback.payload.messageId))?.state).toBe('cancelled');
    expect(outputs('outreach.released', fallbackAccount.accountId)).toHaveLength(0);
  });

  it('releases a plan due at once when it is taken in, not at the end of the loop’s pause', async () => {
    await replica?.stop();
    // A pause of a minute (the most allowed), and the test's wait half that: only the nudge of a
    // plan taken in can start the round in time.
    replica = await startReplica({
      ns,
      clock,
      owner: 'scheduler-c',
      env: { SCHEDULER_POLL_INTERVAL_MS: '60000' },
    });
    // Friday 11:00 in New York, inside the window: the plan is due when it is made.
    const at = '2026-03-06T16:00:00Z';
    clock.set(utc(at));
    const account = aNewYorkAccount();
    const plan = await planned(account, at);
    expect(plan.payload.earliestSendAt).toBe(at);
    await until(
      'the release',
      () => outputs('outreach.released', account.accountId).length === 1,
      30_000,
    );
  });
});
