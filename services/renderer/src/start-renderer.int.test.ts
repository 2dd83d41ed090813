import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import {
  deadLetterTopicOf,
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
  Header,
  headerText,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { createMetrics, type Metrics } from '@kindly/observability';
import { ConfigError, parseConfig } from '@kindly/config';
import { defaultPolicyFile, loadPlanningRules, loadPolicy, type BankInput } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';
import { bankTopics } from './entry-points/bank-events.handlers.js';
import { RendererSettingsSchema, type RendererSettings } from './renderer-settings.js';
import { sampleRelease } from './samples/sample-facts.js';
import { RENDERER_ACCOUNTS, startRenderer } from './start-renderer.js';

const infra = testInfra();
const rules = loadPlanningRules();

interface Seen {
  readonly event: AnyEvent;
  readonly reason?: string;
  readonly error?: string;
}

/**
 * A fresh account's bank events (a Shanghai card holder, 20 days overdue, unless `where` puts the
 * customer elsewhere) and a release for it.
 */
function anAccount(where?: { jurisdiction: string; timeZone: string }) {
  const accountId = `acct-${randomBytes(3).toString('hex')}`;
  const cycleId = `${accountId}-2025-03-01`;
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    eventId: newEventId(),
    payload: { ...sampleEvents['account.overdue'].payload, accountId, cycleId, daysPastDue: 20 },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    eventId: newEventId(),
    payload: { ...sampleEvents['contact.updated'].payload, accountId, ...where },
  };
  const release = (templateId: string): EventOf<'outreach.released'> => {
    const sample = sampleRelease(rules.strategies, templateId, 'zh-CN');
    const { stage, channel } = sample.payload;
    return {
      ...sample,
      eventId: newEventId(),
      payload: {
        ...sample.payload,
        accountId,
        cycleId,
        messageId: deterministicId('message', accountId, cycleId, String(stage), channel),
      },
    };
  };
  return { accountId, overdue, contact, release };
}

describe('the renderer service, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let renderer: StartedService;
  let metrics: Metrics;
  let context: Parameters<typeof startRenderer>[0];
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

  async function send(...events: (BankInput | EventOf<'outreach.released'>)[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.released'], ns.prefix),
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
    ns = await provisionTestNamespace('renderer', [
      ...bankTopics,
      'delivery.outcome',
      'outreach.released',
      'outreach.rendered',
    ]);
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'renderer-test' });
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
    context = {
      settings,
      logger: createLogger({ service: 'renderer', level: 'silent' }),
      metrics,
      clock: new ManualClock(DateTime.fromISO('2025-03-21T02:00:00Z', { zone: 'utc' })),
      kafka,
      producer,
      mongo: ns.mongo,
    };
    renderer = await startRenderer(context, rules);
  });
  afterAll(async () => {
    await renderer?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
  });

  it('renders a released SMS from its own copy of the account, and the same event again on redelivery', async () => {
    const account = anAccount();
    await known(account);
    const plain = account.release('reminder-friendly-sms');
    // What the plan was made from, as the scheduler carries it on: the rendered event names it too.
    const provenance = {
      policyVersion: 2,
      policyHash: 'a'.repeat(64),
      strategyHash: 'b'.repeat(64),
    };
    const released = { ...plain, payload: { ...plain.payload, ...provenance } };
    await send(released);
    await until('the rendered SMS', () => rendered(released.payload.messageId).length === 1);
    const [first] = rendered(released.payload.messageId);
    expect(first?.eventId).toBe(deterministicId('outreach.rendered', released.payload.messageId));
    expect(first?.causationId).toBe(released.eventId);
    const templateFile = new URL(
      '../../../templates/sms/reminder-friendly-sms/zh-CN.hbs',
      import.meta.url,
    );
    expect(first?.payload).toMatchObject({
      channel: 'sms',
      templateId: 'reminder-friendly-sms',
      templateVersion: '1.1.0',
      templateHash: createHash('sha256').update(readFileSync(templateFile)).digest('hex'),
      ...provenance,
      content: { encoding: 'UCS-2' },
    });
    const body = first?.payload.channel === 'sms' ? first.payload.content.body : '';
    expect(body).toMatch(/^【示例银行】.*逾期20天.*¥1,280\.50.*回复TD退订$/);

    await send(released); // redelivered: the same event, with the same id and content
    await until('the second copy', () => rendered(released.payload.messageId).length === 2);
    const copies = rendered(released.payload.messageId);
    expect(new Set(copies.map((e) => e.eventId)).size).toBe(1);
    expect(
      new Set(copies.map((e) => (e.type === 'outreach.rendered' ? e.payload.contentHash : ''))),
    ).toHaveProperty('size', 1);
  });

  it('renders a letter as an inline PDF with the stage offers', async () => {
    const account = anAccount();
    await known(account);
    const released = account.release('notice-firm-letter');
    await send(released);
    await until('the rendered letter', () => rendered(released.payload.messageId).length === 1);
    const [letter] = rendered(released.payload.messageId);
    if (letter?.type !== 'outreach.rendered' || letter.payload.channel !== 'letter')
      throw new Error('no letter');
    expect(letter.payload.content.pages).toBeGreaterThanOrEqual(1);
    expect(
      Buffer.from(letter.payload.content.pdfBase64 ?? '', 'base64')
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });

  it('sends a release it cannot render to the dead-letter topic with the reason, and raises the alert', async () => {
    const account = anAccount();
    await known(account);
    const good = account.release('reminder-friendly-sms');
    const bad: EventOf<'outreach.released'> = {
      ...good,
      eventId: newEventId(),
      payload: { ...good.payload, templateId: 'no-such-template-sms' },
    };
    await send(bad);
    await until('the dead letter', () => deadLetters(bad.eventId).length === 1);
    const [letter] = deadLetters(bad.eventId);
    expect(letter?.reason).toBe('PERMANENT_FAILURE');
    expect(letter?.error).toMatch(/TEMPLATE_MISSING/);
    expect(rendered(bad.payload.messageId)).toHaveLength(0);
    const alert = await metrics.registry.getSingleMetricAsString('kindly_render_failures_total');
    expect(alert).toMatch(
      /kindly_render_failures_total\{template="no-such-template-sms",channel="sms",code="TEMPLATE_MISSING"[^}]*\} 1/,
    );
  });

  it('dead-letters a release for a customer in a jurisdiction no sender profile covers, naming it', async () => {
    const account = anAccount({ jurisdiction: 'JP', timeZone: 'Asia/Tokyo' });
    await known(account);
    const released = account.release('reminder-friendly-sms');
    await send(released);
    await until('the dead letter', () => deadLetters(released.eventId).length === 1);
    const [letter] = deadLetters(released.eventId);
    expect(letter?.reason).toBe('PERMANENT_FAILURE');
    expect(letter?.error).toMatch(
      /^SENDER_UNKNOWN: tenant demo-bank has no sender profile for jurisdiction JP \(senders\.yaml covers CN, US, GB\)$/,
    );
    expect(rendered(released.payload.messageId)).toHaveLength(0);
    const alert = await metrics.registry.getSingleMetricAsString('kindly_render_failures_total');
    expect(alert).toMatch(/\{template="reminder-friendly-sms",channel="sms",code="SENDER_UNKNOWN"/);
  });

  it('refuses to start (exit 78) when the policy covers a jurisdiction senders.yaml does not', async () => {
    const policy = loadPolicy(
      `${readFileSync(defaultPolicyFile, 'utf8').trimEnd()}\n  JP:\n    description: Japan.\n`,
    );
    const refusal: unknown = await startRenderer(context, { ...rules, policy }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(ConfigError);
    expect((refusal as ConfigError).problems).toEqual([
      expect.stringMatching(/tenant demo-bank has no sender profile for jurisdiction JP/),
    ]);
  });
});
