import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type AnyEvent,
  type EventOf,
} from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { createMetrics } from '@kindly/observability';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { parseConfig } from '@kindly/config';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';
import { loadPlanningRules } from '@kindly/rules';
import { MAX_SUPERSESSIONS } from './domain/plan-account.use-case.js';
import { createOutreachLogRepository } from './data-access/outreach-log.repository.js';
import { startPlanner } from './start-planner.js';
import { bankTopics } from './entry-points/bank-events.handlers.js';
import { pipelineTopics } from './entry-points/pipeline-events.handlers.js';
import { campaignTopics } from './entry-points/campaign-events.handlers.js';
import type { BankInput } from '@kindly/rules';
import { PlannerSettingsSchema, type PlannerSettings } from './planner-settings.js';

const infra = testInfra();
const NOW = '2026-03-04T02:00:00Z'; // 10:00 in Shanghai, a Wednesday

/** The bank's events for one fresh account: overdue 3 days, reachable by SMS with consent. */
function anAccount() {
  const accountId = `acct-${randomBytes(3).toString('hex')}`;
  const cycleId = `${accountId}-2026-03-01`;
  const base = { tenantId: 'bank-1', correlationId: `cycle-${cycleId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-04T01:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId,
      dueDate: '2026-03-01',
      daysPastDue: 3,
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      preferredWindows: [],
      appointments: [],
    },
  };
  const consent: EventOf<'contact.consent'> = {
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-01T00:00:00Z',
    payload: { ...sampleEvents['contact.consent'].payload, accountId },
  };
  return { accountId, cycleId, base, overdue, contact, consent };
}

describe('the planner service, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let planner: StartedService;
  const seen: AnyEvent[] = [];
  const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));

  const outputs = <K extends 'outreach.planned' | 'outreach.suppressed' | 'outreach.cancelled'>(
    type: K,
    accountId: string,
  ) => seen.filter((e): e is EventOf<K> => e.type === type && e.payload.accountId === accountId);

  async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function send(
    ...events: (
      | BankInput
      | EventOf<'delivery.outcome'>
      | EventOf<'outreach.escalated'>
      | EventOf<'outreach.cancelled'>
    )[]
  ): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, ...pipelineTopics], ns.prefix),
    );
    // One at a time, in order, each to its own type's topic. TypeScript cannot tie `event.type` to
    // the event's own type across the union; the publisher validates each against its schema.
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** Sends an account's contact and consent, then its overdue event, and waits for the first plan. */
  async function planFirstMessage(account: ReturnType<typeof anAccount>): Promise<void> {
    await send(account.contact, account.consent);
    await processed(account.accountId, 2);
    await send(account.overdue);
    await until(
      'a planned message',
      () => outputs('outreach.planned', account.accountId).length === 1,
    );
  }

  /** Waits until the planner has folded in an account's events (its state version reached n). */
  async function processed(accountId: string, version: number): Promise<void> {
    await until(`account ${accountId} at version ${version}`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>('accounts')
        .findOne({ _id: `bank-1:${accountId}` });
      return (doc?.version ?? 0) >= version;
    });
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('planner', [
      ...bankTopics,
      ...pipelineTopics,
      ...campaignTopics,
      'outreach.planned',
      'outreach.suppressed',
      'outreach.cancelled',
    ]);
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'planner-test' });
    producer = createProducer(kafka);
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [
        ns.topic('outreach.planned'),
        ns.topic('outreach.suppressed'),
        ns.topic('outreach.cancelled'),
      ],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });

    const settings: PlannerSettings = parseConfig(
      ServiceSettings.extend(PlannerSettingsSchema.shape),
      {
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        MONGODB_URI: infra.mongoUri,
        MONGODB_DATABASE: ns.database,
        KAFKA_TOPIC_PREFIX: ns.prefix,
        PLANNER_SESSION_TIMEOUT_MS: '6000',
        RECOVERY_INTERVAL_MS: '200',
        RECOVERY_GRACE_MS: '1000',
      },
    );
    planner = await startPlanner(
      {
        settings,
        logger: createLogger({ service: 'planner', level: 'silent' }),
        metrics: createMetrics({ service: 'planner' }),
        clock,
        kafka,
        producer,
        mongo: ns.mongo,
      },
      loadPlanningRules(),
    );
  });
  afterAll(async () => {
    await planner?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('publishes a plan a crashed planner claimed and never published, with nothing new arriving', async () => {
    // What a planner killed between claim and publish leaves: the claim with its event, a minute old.
    const crashed = createOutreachLogRepository(
      ns.mongo.db,
      new ManualClock(DateTime.now().minus({ minutes: 1 })),
    );
    const account = anAccount();
    const sample = sampleEvents['outreach.planned'];
    const messageId = `lost-${account.accountId}`;
    const event: EventOf<'outreach.planned'> = {
      ...sample,
      eventId: newEventId(),
      tenantId: 'bank-1',
      payload: { ...sample.payload, accountId: account.accountId, messageId },
    };
    await crashed.claim(
      {
        messageId,
        tenantId: 'bank-1',
        accountId: account.accountId,
        cycleId: account.cycleId,
        stage: 1,
        channel: 'sms',
        purpose: 'servicing',
        plannedFor: NOW,
      },
      event,
    );
    await until('the lost plan published', () =>
      outputs('outreach.planned', account.accountId).some((e) => e.payload.messageId === messageId),
    );
    expect(outputs('outreach.planned', account.accountId)).toEqual([event]);
    await until('the plan marked published', async () => {
      return (await crashed.oldestUnpublished()) === undefined;
    });
  });

  it('plans one message for an overdue account, and nothing new for the same event again', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const [planned] = outputs('outreach.planned', account.accountId);
    expect(planned?.payload).toMatchObject({
      channel: 'sms',
      stage: 1,
      earliestSendAt: NOW,
      cycleId: account.cycleId,
    });

    await send(account.overdue);
    const later = {
      ...account.consent,
      eventId: newEventId(),
      occurredAt: '2026-03-02T00:00:00Z',
      payload: { ...account.consent.payload, at: '2026-03-02T00:00:00Z' },
    };
    await send(later); // a later fact on the same partition: once it is in, the duplicate was handled
    await processed(account.accountId, 4);
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(1);
  });

  it('cancels what it planned when a payment cures the account', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const payment: EventOf<'account.payment'> = {
      ...sampleEvents['account.payment'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T01:30:00Z',
      payload: {
        accountId: account.accountId,
        paymentId: 'pay-1',
        amount: { amountMinor: 128_050, currency: 'CNY' },
        paidAt: '2026-03-04T01:29:00Z',
        remainingOverdue: { amountMinor: 0, currency: 'CNY' },
        curesAccount: true,
      },
    };
    await send(payment);
    await until(
      'a cancellation',
      () => outputs('outreach.cancelled', account.accountId).length === 1,
    );
    const [cancelled] = outputs('outreach.cancelled', account.accountId);
    expect(cancelled?.payload).toMatchObject({
      messageId: outputs('outreach.planned', account.accountId)[0]?.payload.messageId,
    });
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(1);
  });

  it('pauses for a promise to pay (but for its reminder), and plans again when the promise is broken', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const promise: EventOf<'account.arrangement'> = {
      ...sampleEvents['account.arrangement'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T01:40:00Z',
      payload: {
        accountId: account.accountId,
        arrangementId: 'arr-1',
        kind: 'promise-to-pay',
        status: 'made',
        promisedDate: '2026-03-10',
        amount: { amountMinor: 128_050, currency: 'CNY' },
      },
    };
    await send(promise);
    // The pause withdraws the waiting reminder; the one message it lets through is the reminder
    // of the promise, one to two days before the promised date.
    await until(
      'the promise reminder',
      () => outputs('outreach.planned', account.accountId).length === 2,
    );
    const [sms, reminder] = outputs('outreach.planned', account.accountId);
    expect(reminder?.payload).toMatchObject({ channel: 'sms', templateId: 'promise-reminder-sms' });
    expect(outputs('outreach.cancelled', account.accountId).map((c) => c.payload)).toEqual([
      expect.objectContaining({ messageId: sms?.payload.messageId, reason: 'PROMISE_PENDING' }),
    ]);

    const broken = {
      ...promise,
      eventId: newEventId(),
      occurredAt: '2026-03-04T01:50:00Z',
      payload: { ...promise.payload, status: 'broken' as const },
    };
    await send(broken);
    await until('a new plan', () => outputs('outreach.planned', account.accountId).length === 3);
    const [first, , third] = outputs('outreach.planned', account.accountId);
    expect(outputs('outreach.cancelled', account.accountId)[1]?.payload).toMatchObject({
      messageId: reminder?.payload.messageId,
      reason: 'SUPERSEDED',
    });
    expect(third?.payload.messageId).not.toBe(first?.payload.messageId);
    expect(third?.payload).toMatchObject({
      channel: 'sms',
      stage: 1,
      templateId: 'reminder-friendly-sms',
    });
  });

  it('withdraws a waiting SMS when the customer revokes its consent, and plans the e-mail instead', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const sms = outputs('outreach.planned', account.accountId)[0];
    const revoked: EventOf<'contact.consent'> = {
      ...account.consent,
      eventId: newEventId(),
      occurredAt: '2026-03-04T01:55:00Z',
      payload: {
        ...account.consent.payload,
        status: 'revoked',
        source: 'sms-reply',
        at: '2026-03-04T01:55:00Z',
      },
    };
    await send(revoked);
    await until('the e-mail', () => outputs('outreach.planned', account.accountId).length === 2);
    expect(
      outputs('outreach.cancelled', account.accountId).map((c) => c.payload.messageId),
    ).toEqual([sms?.payload.messageId]);
    expect(outputs('outreach.planned', account.accountId)[1]?.payload.channel).toBe('email');
  });

  /** A provider's report about a planned message. */
  function report(
    account: ReturnType<typeof anAccount>,
    planned: EventOf<'outreach.planned'> | undefined,
    status: 'accepted' | 'delivered' | 'undelivered',
    at: string,
  ): EventOf<'delivery.outcome'> {
    return {
      ...sampleEvents['delivery.outcome'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: at,
      payload: {
        accountId: account.accountId,
        messageId: planned?.payload.messageId ?? '',
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        status,
        retryable: false,
        ...(status === 'undelivered' ? { errorCode: '30003' } : {}),
        at,
      },
    };
  }

  it('moves to the stage’s next channel when the SMS is reported undelivered', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const [sms] = outputs('outreach.planned', account.accountId);
    await send(report(account, sms, 'accepted', '2026-03-04T02:00:05Z'));
    await send(report(account, sms, 'undelivered', '2026-03-04T02:01:00Z'));
    await until('the e-mail', () => outputs('outreach.planned', account.accountId).length === 2);
    expect(outputs('outreach.planned', account.accountId)[1]?.payload).toMatchObject({
      stage: 1,
      channel: 'email',
    });
  });

  it('plans nothing more in the stage once the SMS is delivered', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const [sms] = outputs('outreach.planned', account.accountId);
    await send(report(account, sms, 'delivered', '2026-03-04T02:01:00Z'));
    // A later fact on the same account: once it is in, the report was handled before it.
    await send({ ...account.overdue, eventId: newEventId(), occurredAt: '2026-03-04T02:05:00Z' });
    await processed(account.accountId, 4);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(1);
  });

  it('moves to the next channel when the escalation service reports no delivery in time', async () => {
    const account = anAccount();
    await planFirstMessage(account);
    const escalated: EventOf<'outreach.escalated'> = {
      ...sampleEvents['outreach.escalated'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-06T02:00:00Z',
      payload: {
        accountId: account.accountId,
        cycleId: account.cycleId,
        from: { stage: 1, channel: 'sms' },
        to: { stage: 1, channel: 'email' },
        reason: 'DELIVERY_FAILED',
      },
    };
    await send(escalated);
    await until('the e-mail', () => outputs('outreach.planned', account.accountId).length === 2);
    expect(outputs('outreach.planned', account.accountId)[1]?.payload.channel).toBe('email');
  });

  /** The scheduler's cancellation of a fallback at release, for a preferred channel. */
  const supersession = (plan: EventOf<'outreach.planned'>): EventOf<'outreach.cancelled'> =>
    createEvent('outreach.cancelled', {
      eventId: deterministicId('outreach.cancelled', plan.payload.messageId),
      occurredAt: '2026-03-04T02:00:02Z',
      correlationId: plan.correlationId,
      causationId: plan.eventId,
      tenantId: plan.tenantId,
      payload: {
        accountId: plan.payload.accountId,
        messageId: plan.payload.messageId,
        cycleId: plan.payload.cycleId,
        stage: plan.payload.stage,
        channel: plan.payload.channel,
        reason: 'PREFERRED_CHANNEL',
      },
    });

  /** An account whose consent to texts is not in: its stage 1 plan is the e-mail. */
  async function planFallback(account: ReturnType<typeof anAccount>) {
    await send(account.contact);
    await processed(account.accountId, 1);
    await send(account.overdue);
    await until('the e-mail', () => outputs('outreach.planned', account.accountId).length === 1);
    const [email] = outputs('outreach.planned', account.accountId);
    expect(email?.payload).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    return email!;
  }

  it('plans the text when the scheduler supersedes its e-mail fallback, once', async () => {
    const account = anAccount();
    const email = await planFallback(account);
    // The consent of the same instant: the e-mail is pending, so nothing new yet.
    await send(account.consent);
    await processed(account.accountId, 3);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(1);

    const cancelled = supersession(email);
    await send(cancelled);
    await until('the text', () => outputs('outreach.planned', account.accountId).length === 2);
    const text = outputs('outreach.planned', account.accountId)[1];
    expect(text?.payload).toMatchObject({ channel: 'sms', stage: 1, cycleId: account.cycleId });
    expect(text?.payload.passedOver).toBeUndefined();
    expect(text?.causationId).toBe(cancelled.eventId);
    const logged = await ns.mongo.db
      .collection<{ _id: string; status: string; supersededAtRelease?: boolean }>(
        'planned-messages',
      )
      .findOne({ _id: email.payload.messageId });
    expect(logged).toMatchObject({ status: 'cancelled', supersededAtRelease: true });

    // Delivered again: nothing new (and the planner cancels nothing itself).
    await send(cancelled);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(2);
    expect(
      outputs('outreach.cancelled', account.accountId).filter(
        (c) => c.eventId !== cancelled.eventId,
      ),
    ).toEqual([]);
  });

  it('acts on no other cancellation, and stops going round after MAX_SUPERSESSIONS', async () => {
    const account = anAccount();
    const first = await planFallback(account);
    // A SUPERSEDED (the planner's own kind), even with the old free-text detail: not the
    // scheduler's supersession at release, which has its own reason.
    await send({
      ...supersession(first),
      eventId: newEventId(),
      payload: {
        ...supersession(first).payload,
        reason: 'SUPERSEDED',
        detail: 'a preferred channel became eligible',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(outputs('outreach.planned', account.accountId)).toHaveLength(1);

    // The planner never learns of the consent the scheduler keeps finding: each supersession
    // plans the e-mail again, under a new id, until the limit; then without passedOver.
    for (let round = 1; round <= MAX_SUPERSESSIONS; round++) {
      const latest = outputs('outreach.planned', account.accountId)[round - 1]!;
      await send(supersession(latest));
      await until(
        `plan ${String(round + 1)}`,
        () => outputs('outreach.planned', account.accountId).length === round + 1,
      );
    }
    const plans = outputs('outreach.planned', account.accountId).map((p) => p.payload);
    expect(new Set(plans.map((p) => p.messageId)).size).toBe(MAX_SUPERSESSIONS + 1);
    expect(plans.map((p) => p.channel)).toEqual(Array(MAX_SUPERSESSIONS + 1).fill('email'));
    expect(plans.map((p) => p.passedOver)).toEqual([
      ...Array<string[]>(MAX_SUPERSESSIONS).fill(['sms']),
      undefined,
    ]);
    expect(plans.at(-1)?.reasons).toContain('SUPERSESSIONS_EXHAUSTED');
  });
});
