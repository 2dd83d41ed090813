import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  deadLetterTopicOf,
  deterministicId,
  newEventId,
  sampleEvents,
  type AnyEvent,
  type DeliveryStatus,
  type EventOf,
  type OutreachChannel,
} from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  Header,
  headerText,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { createMetrics, type Metrics } from '@kindly/observability';
import { loadPlanningRules, type BankInput } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';
import { RENDERER_CONTACTS } from './data-access/contact-history.repository.js';
import { bankTopics } from './entry-points/bank-events.handlers.js';
import { RendererSettingsSchema, type RendererSettings } from './renderer-settings.js';
import { sampleRelease } from './samples/sample-facts.js';
import { RENDERER_ACCOUNTS, startRenderer } from './start-renderer.js';

const infra = testInfra();
const rules = loadPlanningRules();
const NOW = '2025-03-21T02:00:00Z';

interface Seen {
  readonly event: AnyEvent;
  readonly reason?: string;
  readonly error?: string;
}

/**
 * A fresh Shanghai card holder in stage 3 (50 days overdue), releases of any template for it in
 * one cycle, and delivery reports on them.
 */
function anAccount() {
  const accountId = `acct-${randomBytes(3).toString('hex')}`;
  const cycleId = `${accountId}-2025-02-01`;
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    eventId: newEventId(),
    payload: { ...sampleEvents['account.overdue'].payload, accountId, cycleId, daysPastDue: 50 },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    eventId: newEventId(),
    payload: { ...sampleEvents['contact.updated'].payload, accountId },
  };
  const release = (
    templateId: string,
    where: { stage?: number; channel?: OutreachChannel; occurredAt?: string } = {},
  ): EventOf<'outreach.released'> => {
    const sample = sampleRelease(rules.strategies, templateId, 'zh-CN');
    const stage = where.stage ?? sample.payload.stage;
    const channel = where.channel ?? sample.payload.channel;
    return {
      ...sample,
      eventId: newEventId(),
      occurredAt: where.occurredAt ?? sample.occurredAt,
      payload: {
        ...sample.payload,
        accountId,
        cycleId,
        stage,
        channel,
        messageId: deterministicId('message', accountId, cycleId, String(stage), channel),
      },
    };
  };
  const outcome = (
    of: EventOf<'outreach.released'>,
    status: DeliveryStatus,
    at: string,
    attempt = 1,
  ): EventOf<'delivery.outcome'> => ({
    ...sampleEvents['delivery.outcome'],
    eventId: newEventId(),
    occurredAt: at,
    payload: {
      accountId,
      messageId: of.payload.messageId,
      attempt,
      channel: of.payload.channel,
      provider: of.payload.channel === 'agent-call' ? 'agent-desk' : 'twilio',
      status,
      retryable: of.payload.channel === 'agent-call' && status === 'undelivered',
      at,
    },
  });
  return { accountId, overdue, contact, release, outcome };
}

describe('the facts a message states, checked against the renderer’s own contact history', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let renderer: StartedService;
  let metrics: Metrics;
  const seen: Seen[] = [];

  async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 45_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const rendered = (messageId: string) =>
    seen.flatMap(({ event, reason }) =>
      event.type === 'outreach.rendered' && !reason && event.payload.messageId === messageId
        ? [event]
        : [],
    );
  const deadLetters = (eventId: string) =>
    seen.filter((s) => s.reason && s.event.eventId === eventId);
  const text = (event: AnyEvent | undefined) => {
    if (event?.type !== 'outreach.rendered') return '';
    const { payload } = event;
    return payload.channel === 'sms'
      ? payload.content.body
      : payload.channel === 'email'
        ? payload.content.text
        : '';
  };

  async function send(
    ...events: (BankInput | EventOf<'delivery.outcome'> | EventOf<'outreach.released'>)[]
  ): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'delivery.outcome', 'outreach.released'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** Sends the account's bank events and waits until the renderer has folded both in. */
  async function known(account: ReturnType<typeof anAccount>): Promise<void> {
    await send(account.contact, account.overdue);
    await until('the account state', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(RENDERER_ACCOUNTS)
        .findOne({ _id: `${account.overdue.tenantId}:${account.accountId}` });
      return (doc?.version ?? 0) >= 2;
    });
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('renderer-facts', [
      ...bankTopics,
      'delivery.outcome',
      'outreach.released',
      'outreach.rendered',
    ]);
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'renderer-facts-test' });
    producer = createProducer(kafka);
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('outreach.rendered'), deadLetterTopicOf(ns.topic('outreach.released'))],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) => {
        const reason = headerText(message.headers, Header.deadLetterReason);
        const error = headerText(message.headers, Header.deadLetterError);
        seen.push({
          event: JSON.parse(message.value?.toString() ?? '{}') as AnyEvent,
          ...(reason ? { reason } : {}),
          ...(error ? { error } : {}),
        });
      },
    });
    const settings: RendererSettings = parseConfig(
      ServiceSettings.extend(RendererSettingsSchema.shape),
      {
        KAFKA_BROKERS: infra.kafkaBrokers.join(','),
        MONGODB_URI: infra.mongoUri,
        MONGODB_DATABASE: ns.database,
        KAFKA_TOPIC_PREFIX: ns.prefix,
        RENDERER_UNSUBSCRIBE_SECRET: 'integration-test-secret',
        RENDERER_SESSION_TIMEOUT_MS: '6000',
      },
    );
    metrics = createMetrics({ service: 'renderer' });
    renderer = await startRenderer(
      {
        settings,
        logger: createLogger({ service: 'renderer', level: 'silent' }),
        metrics,
        clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
        kafka,
        producer,
        mongo: ns.mongo,
      },
      rules,
    );
  });
  afterAll(async () => {
    await renderer?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('dead-letters "we tried to call you" for an account no agent called, and raises the alert', async () => {
    const account = anAccount();
    await known(account);
    // An agent task was released and expired unworked: no call was reported.
    const call = account.release('personal-contact-agent-call');
    const sms = account.release('personal-contact-after-call-sms');
    await send(call, sms);
    await until('the dead letter', () => deadLetters(sms.eventId).length === 1);
    const [letter] = deadLetters(sms.eventId);
    expect(letter?.reason).toBe('PERMANENT_FAILURE');
    expect(letter?.error).toMatch(/FACT_NOT_HELD/);
    expect(letter?.error).toMatch(/call-attempted, call-unanswered/);
    expect(rendered(sms.payload.messageId)).toHaveLength(0);
    const alert = await metrics.registry.getSingleMetricAsString('kindly_render_failures_total');
    expect(alert).toMatch(
      /kindly_render_failures_total\{template="personal-contact-after-call-sms",channel="sms",code="FACT_NOT_HELD"[^}]*\} 1/,
    );
  });

  it('renders it once the renderer has heard of an agent’s unanswered call', async () => {
    const account = anAccount();
    await known(account);
    const call = account.release('personal-contact-agent-call');
    await send(call, account.outcome(call, 'undelivered', '2025-03-20T06:00:00Z'));
    await until('the call in the renderer’s history', async () =>
      Boolean(
        await ns.mongo.db.collection<{ _id: string }>(RENDERER_CONTACTS).findOne({
          _id: call.payload.messageId,
          cycleId: { $exists: true },
          calls: { $size: 1 },
        }),
      ),
    );
    const sms = account.release('personal-contact-after-call-sms');
    await send(sms);
    await until('the rendered SMS', () => rendered(sms.payload.messageId).length === 1);
    expect(text(rendered(sms.payload.messageId)[0])).toMatch(/我们近日致电您.*未能联系上/);
    expect(deadLetters(sms.eventId)).toHaveLength(0);
  });

  it('names only the channels the account was contacted on: a final notice after two SMS', async () => {
    const account = anAccount();
    await known(account);
    const first = account.release('reminder-friendly-sms', { stage: 1 });
    const second = account.release('notice-firm-sms', { stage: 2 });
    await send(
      first,
      second,
      account.outcome(first, 'delivered', '2025-02-02T02:00:00Z'),
      account.outcome(second, 'sent', '2025-02-20T02:00:00Z'),
    );
    await until('both SMS taken by the provider, in the renderer’s history', async () => {
      const taken = await ns.mongo.db
        .collection(RENDERER_CONTACTS)
        .countDocuments({ accountId: account.accountId, sentAt: { $exists: true } });
      return taken === 2;
    });
    const notice = account.release('final-notice-after-contacts-email');
    await send(notice);
    await until('the rendered notice', () => rendered(notice.payload.messageId).length === 1);
    const sentence = /此前[^。]*。/.exec(text(rendered(notice.payload.messageId)[0]))?.[0];
    expect(sentence).toBe('此前我们已多次通过短信与您联系。');
  });
});
