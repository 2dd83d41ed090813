import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import {
  createEvent,
  deterministicId,
  type AnyEvent,
  type EventOf,
  type EventType,
} from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { loadPlanningRules } from '@kindly/rules';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createAgentDesk, type AgentDesk } from './agent-desk.js';
import { CallReportBody } from './call-report-body.js';
import { producedTopics } from './data-access/event-outbox.repository.js';
import { ESCALATION_MESSAGES } from './data-access/escalation-messages.repository.js';
import { escalationTopics } from './entry-points/escalation-events.handlers.js';
import { ESCALATION_ACCOUNTS } from './start-escalation.js';
import { anAccount, released, utc, type TestAccount } from './testing/escalation-fixtures.js';
import { startEscalationService, until } from './testing/escalation-service.fixture.js';

// Wednesday 2026-03-04, 07:00 in New York (EST): calls are allowed from 08:00 (13:00Z).
const START = '2026-03-04T12:00:00Z';
const topics = [...new Set<EventType>([...escalationTopics, ...producedTopics])];

describe('the escalation service, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let escalation: Awaited<ReturnType<typeof startEscalationService>> | undefined;
  const clock = new ManualClock(utc(START));
  const seen: AnyEvent[] = [];
  // The desk as the operator API hosts it: the same use cases over the service's own stores.
  let desk: AgentDesk;

  const outputs = <K extends EventType>(type: K, accountId: string) =>
    seen.filter((e): e is EventOf<K> => e.type === type && e.payload.accountId === accountId);

  async function send(...events: AnyEvent[]): Promise<void> {
    const publisher = createEventPublisher(producer, bindTopics(topics, ns.prefix));
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  async function knownAccount(account: TestAccount): Promise<void> {
    await send(...account.events);
    await until(`account ${account.accountId} folded`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(ESCALATION_ACCOUNTS)
        .findOne({ _id: `bank-1:${account.accountId}` });
      return (doc?.version ?? 0) >= 3;
    });
  }

  async function releasedMessage(
    account: TestAccount,
    stage: number,
    channel: 'sms' | 'agent-call',
  ) {
    const event = released(account, stage, channel, START);
    await send(event);
    await until('the release recorded', async () =>
      Boolean(
        await ns.mongo.db
          .collection<{ _id: string }>(ESCALATION_MESSAGES)
          .findOne({ _id: event.payload.messageId }),
      ),
    );
    return event;
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('escalation', topics);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'escalation-test-io' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [
        ns.topic('outreach.escalated'),
        ns.topic('agent.task'),
        ns.topic('account.arrangement'),
        ns.topic('account.status'),
      ],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
    escalation = await startEscalationService(ns, clock);
    desk = createAgentDesk({
      db: ns.mongo.db,
      producer,
      topicPrefix: ns.prefix,
      rules: loadPlanningRules(),
      taskHorizonDays: 5,
      clock,
    });
  });
  afterAll(async () => {
    await escalation?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('creates an agent task for a released call, lists it at the desk and takes a promise to pay', async () => {
    const account = anAccount({ daysPastDue: 50 });
    await knownAccount(account);
    const call = await releasedMessage(account, 3, 'agent-call');
    await until('the agent task', () => outputs('agent.task', account.accountId).length === 1);
    const [task] = outputs('agent.task', account.accountId);
    expect(task?.payload).toMatchObject({ cycleId: account.cycleId, callAttemptsLeft: 7 });
    expect(task?.payload.windows[0]).toEqual({
      start: '2026-03-04T13:00:00Z',
      end: '2026-03-05T02:00:00Z',
      zone: 'America/New_York',
    });
    const taskId = task?.payload.taskId ?? '';

    const listed = (await desk.tasks('open', 50, clock.now())).find((t) => t.taskId === taskId);
    expect(listed).toMatchObject({ accountId: account.accountId, maskedAccount: '•••• 4321' });
    expect(JSON.stringify(listed)).not.toContain(account.contact.payload.phones[0]?.number ?? '?');
    // 07:00 in New York: listed with its windows ahead, not callable yet.
    expect(listed).toMatchObject({ callable: false });
    const callable = async () =>
      (await desk.tasks('open', 50, clock.now(), { callableOnly: true })).map((t) => t.taskId);
    expect(await callable()).not.toContain(taskId);

    clock.set(utc('2026-03-04T15:00:00Z'));
    // 10:00 there: inside the window, calls left, so the filter finds it.
    expect(await callable()).toContain(taskId);
    expect(await desk.task(taskId, clock.now())).toMatchObject({
      callable: true,
      callableUntil: '2026-03-05T02:00:00Z',
    });
    // 07:30 in New York: before the window opens.
    const early = await desk.report(
      taskId,
      { outcome: 'no-answer', at: '2026-03-04T12:30:00Z' },
      clock.now(),
    );
    expect(early.result).toMatchObject({ kind: 'refused', reason: 'OUTSIDE_WINDOW' });

    // A promise without its amount never reaches the desk: the body its host checks refuses it.
    const bad = CallReportBody.safeParse({
      outcome: 'promise-to-pay',
      at: '2026-03-04T14:55:00Z',
      promisedDate: '2026-03-20',
    });
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['amount']);

    const promise = {
      outcome: 'promise-to-pay',
      at: '2026-03-04T14:55:00Z',
      promisedDate: '2026-03-20',
      amount: { amountMinor: 12_050, currency: 'USD' },
    } as const;
    const made = await desk.report(taskId, promise, clock.now());
    if (made.result.kind !== 'recorded') throw new Error(`not recorded: ${made.result.kind}`);
    expect(made.task).toMatchObject({ taskId, status: 'closed' });
    await until(
      'the arrangement',
      () => outputs('account.arrangement', account.accountId).length === 1,
    );
    expect(outputs('account.arrangement', account.accountId)[0]?.payload).toMatchObject({
      kind: 'promise-to-pay',
      status: 'made',
      promisedDate: '2026-03-20',
      amount: { amountMinor: 12_050, currency: 'USD' },
    });
    // The same report again is the same call; the task is closed for new ones.
    const again = await desk.report(taskId, promise, clock.now());
    expect(again.result).toMatchObject({
      kind: 'recorded',
      call: { callId: made.result.call.callId },
    });
    const later = await desk.report(
      taskId,
      { outcome: 'no-answer', at: '2026-03-04T14:58:00Z' },
      clock.now(),
    );
    expect(later.result).toMatchObject({ kind: 'refused', reason: 'TASK_CLOSED' });
    expect(call.payload.channel).toBe('agent-call');
    expect(outputs('account.arrangement', account.accountId)).toHaveLength(1);
  });

  it('escalates an undelivered SMS to e-mail at once, once', async () => {
    const account = anAccount();
    await knownAccount(account);
    const sms = await releasedMessage(account, 1, 'sms');
    const outcome = createEvent('delivery.outcome', {
      ...account.base,
      eventId: deterministicId('test-outcome', sms.payload.messageId),
      occurredAt: '2026-03-04T13:05:00Z',
      causationId: sms.eventId,
      payload: {
        accountId: account.accountId,
        messageId: sms.payload.messageId,
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        status: 'undelivered',
        retryable: false,
        errorCode: '30003',
        at: '2026-03-04T13:05:00Z',
      },
    });
    await send(outcome);
    await until(
      'the escalation',
      () => outputs('outreach.escalated', account.accountId).length === 1,
    );
    expect(outputs('outreach.escalated', account.accountId)[0]?.payload).toMatchObject({
      cycleId: account.cycleId,
      from: { stage: 1, channel: 'sms' },
      to: { stage: 1, channel: 'email' },
      reason: 'DELIVERY_FAILED',
    });
    // Redelivered outcome and release: nothing new.
    await send(outcome, sms);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outputs('outreach.escalated', account.accountId)).toHaveLength(1);
  });

  it('escalates an SMS with no outcome once the clock passes its 48 hours', async () => {
    const account = anAccount();
    await knownAccount(account);
    await releasedMessage(account, 1, 'sms');
    clock.set(utc('2026-03-06T11:59:00Z'));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outputs('outreach.escalated', account.accountId)).toHaveLength(0);
    clock.set(utc('2026-03-06T12:00:00Z'));
    await until(
      'the escalation',
      () => outputs('outreach.escalated', account.accountId).length === 1,
    );
    expect(outputs('outreach.escalated', account.accountId)[0]).toMatchObject({
      occurredAt: '2026-03-06T12:00:00Z',
      payload: { to: { stage: 1, channel: 'email' }, reason: 'DELIVERY_FAILED' },
    });
  });
  it('expires an agent task nobody worked with its own reason, and closes it', async () => {
    const account = anAccount({ daysPastDue: 50 });
    await knownAccount(account);
    await releasedMessage(account, 3, 'agent-call');
    await until('the agent task', () => outputs('agent.task', account.accountId).length === 1);
    const taskId = outputs('agent.task', account.accountId)[0]?.payload.taskId ?? '';
    // Five calendar days in New York after 07:00 EST on 2026-03-04: 07:00 EDT on 2026-03-09.
    clock.set(utc('2026-03-09T11:00:00Z'));
    await until('the expiry', () => outputs('outreach.escalated', account.accountId).length === 1);
    expect(outputs('outreach.escalated', account.accountId)[0]).toMatchObject({
      occurredAt: '2026-03-09T11:00:00Z',
      payload: {
        from: { stage: 3, channel: 'agent-call' },
        to: { stage: 3, channel: 'sms' },
        reason: 'TASK_EXPIRED',
      },
    });
    expect((await desk.task(taskId, clock.now()))?.status).toBe('closed');
  });
});
