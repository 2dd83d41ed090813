/**
 * Issue 20, item 5, from senders.yaml to Twilio and back: two banks list different `smsNumbers`;
 * the renderer (with that senders file) renders one text for the same customer at each bank,
 * the dispatcher sends each From its bank's number, and the customer's STOP sent back to the
 * number one text came from reaches the tracker (with the same senders file), which revokes that
 * bank's consent only. The audit keeps the number with the rendered message. On the real broker
 * and MongoDB-wire server, against the Twilio stand-in.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_RECORDS } from '@kindly/audit';
import { startAuditService } from '@kindly/audit/testing';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  deterministicId,
  eventTypes,
  type AnyEvent,
  newEventId,
  sampleEvents,
  type EventOf,
} from '@kindly/contracts';
import { startDispatcher } from '@kindly/dispatcher';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  type Kafka,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import {
  defaultTemplatesDir,
  loadTemplateCatalog,
  RendererSettingsSchema,
  startRenderer,
} from '@kindly/renderer';
import { loadPlanningRules } from '@kindly/rules';
import { aNewYorkAccount } from '@kindly/scheduler/testing';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { RndStandIn, SmtpCatcher, TwilioStandIn, waitUntil } from '@kindly/stand-ins';
import { freePort, provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { startTracker, TrackerSettingsSchema } from '@kindly/tracker';
import { collectEvents } from '../support/collect-events.js';
import { dispatcherSettings, namespaceEnv } from '../support/service-settings.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the 08:00–21:00 window.
const NOW = '2026-03-04T14:00:00Z';
const TWILIO_AUTH_TOKEN = 'sending-numbers-twilio-token';
const NUMBERS = { 'bank-1': '+12125550111', 'bank-2': '+12125550122' } as const;
type Bank = keyof typeof NUMBERS;
const rules = loadPlanningRules();
const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));

/**
 * The shipped templates with a senders.yaml of two banks: the shipped bank's profiles under each
 * name, each bank's US profile with its own number.
 */
function templatesOfTwoBanks(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kindly-numbers-'));
  cpSync(defaultTemplatesDir, dir, { recursive: true });
  const shipped = readFileSync(join(defaultTemplatesDir, 'senders.yaml'), 'utf8');
  const [, tenants = ''] = shipped.split(/^senders:\n/m);
  if (!/^ {2}demo-bank:\n/.test(tenants) || !/^ {6}US:\n/m.test(tenants))
    throw new Error('senders.yaml no longer starts with demo-bank and its US profile');
  const bank = (tenantId: Bank) =>
    tenants
      .replace(/^ {2}demo-bank:/, `  ${tenantId}:`)
      .replace(/^( {6}US:\n)/m, `$1        smsNumbers: ['${NUMBERS[tenantId]}']\n`);
  writeFileSync(join(dir, 'senders.yaml'), `senders:\n${bank('bank-1')}${bank('bank-2')}`);
  return dir;
}

/**
 * A New York customer of `tenantId` on `phone`, 3 days past due, consent to servicing texts
 * (no e-mail address), and the release of the first text the planner plans for the customer.
 */
function aCustomer(tenantId: Bank, phone: string) {
  const { accountId, cycleId, base, contact, consent, overdue } = aNewYorkAccount(
    `acct-num-${randomBytes(4).toString('hex')}`,
    { tenantId, phone, email: null, givenAt: '2026-02-01T15:00:00Z' },
  );
  // The default strategy's first stage: a friendly reminder by text.
  const messageId = deterministicId('message', accountId, cycleId, '1', 'sms');
  const released: EventOf<'outreach.released'> = {
    ...sampleEvents['outreach.released'],
    ...base,
    eventId: newEventId(),
    occurredAt: NOW,
    payload: {
      accountId,
      messageId,
      cycleId,
      stage: 1,
      channel: 'sms',
      templateId: 'reminder-friendly-sms',
      locale: 'en-US',
      purpose: 'servicing',
      strategyId: 'default',
      strategyVersion: 3,
      reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
      latestSendAt: '2026-03-04T22:00:00Z',
    },
  };
  const events = [contact, consent, overdue] as const;
  return { tenantId, accountId, phone, messageId, events, released };
}

describe('each bank’s texts go out from the number senders.yaml gives it', () => {
  let ns: ProvisionedNamespace;
  let kafka: Kafka;
  let producer: Producer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  let rnd: RndStandIn;
  let templates: string;
  let trackerUrl: string;
  const seen: AnyEvent[] = [];
  const stops: (() => Promise<void>)[] = [];
  const until = (what: string, condition: () => boolean | Promise<boolean>) =>
    waitUntil(condition, { timeoutMs: 60_000, what });

  beforeAll(async () => {
    ns = await provisionTestNamespace('sending-numbers', eventTypes);
    twilio = await TwilioStandIn.start({ authToken: TWILIO_AUTH_TOKEN });
    smtp = await SmtpCatcher.start();
    // US texts end to end: checked against the RND stand-in (every number `no`), as in production.
    rnd = await RndStandIn.start();
    templates = templatesOfTwoBanks();
    kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'sending-numbers' });
    producer = createProducer(kafka);
    await producer.connect();
    const common = namespaceEnv(ns);
    const renderer = await startRenderer(
      {
        settings: parseConfig(ServiceSettings.extend(RendererSettingsSchema.shape), {
          ...common,
          RENDERER_UNSUBSCRIBE_SECRET: 'sending-numbers-test-secret',
          RENDERER_SESSION_TIMEOUT_MS: '6000',
        }),
        logger: createLogger({ service: 'renderer', level: 'silent' }),
        metrics: createMetrics({ service: 'renderer' }),
        clock,
        kafka,
        producer,
        mongo: ns.mongo,
      },
      rules,
      loadTemplateCatalog(templates),
    );
    stops.push(() => renderer.stop());
    const settings = dispatcherSettings(ns, { twilio, smtp, rnd });
    const mongo = await connectMongo({
      uri: ns.infra.mongoUri,
      database: ns.database,
      appName: 'dispatcher-numbers',
    });
    const dispatcher: StartedService = await startDispatcher(
      {
        settings,
        logger: createLogger({ service: 'dispatcher', level: 'silent' }),
        metrics: createMetrics({ service: 'dispatcher' }),
        clock,
        kafka,
        producer,
        mongo,
      },
      rules,
      { owner: 'dispatcher-numbers' },
    );
    stops.push(async () => {
      await dispatcher.stop();
      await mongo.close();
    });
    const audit = await startAuditService(ns);
    stops.push(() => audit.stop());
    // The tracker, reading the same senders file for the tenant of a reply's To.
    const port = await freePort();
    trackerUrl = `http://127.0.0.1:${port}`;
    const trackerMongo = await connectMongo({
      uri: ns.infra.mongoUri,
      database: ns.database,
      appName: 'tracker-numbers',
    });
    const tracker = await startTracker({
      settings: parseConfig(ServiceSettings.extend(TrackerSettingsSchema.shape), {
        ...common,
        TRACKER_HTTP_HOST: '127.0.0.1',
        TRACKER_HTTP_PORT: String(port),
        TRACKER_PUBLIC_BASE_URL: trackerUrl,
        TRACKER_TWILIO_AUTH_TOKEN: TWILIO_AUTH_TOKEN,
        TRACKER_UNSUBSCRIBE_SECRET: 'sending-numbers-unsubscribe-secret',
        TRACKER_BOUNCE_TOKEN: 'sending-numbers-bounce-token-0123456789',
        TRACKER_SMTP_HOST: '127.0.0.1',
        TRACKER_SMTP_PORT: '0',
        TRACKER_SENDERS_FILE: join(templates, 'senders.yaml'),
      }),
      logger: createLogger({ service: 'tracker', level: 'silent' }),
      metrics: createMetrics({ service: 'tracker' }),
      clock,
      kafka,
      producer,
      mongo: trackerMongo,
    });
    stops.push(async () => {
      await tracker.stop();
      await trackerMongo.close();
    });
    const reader = await collectEvents(kafka, ns, ['contact.consent'], seen);
    stops.push(() => reader.disconnect());
  });
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    await rnd?.stop();
    if (templates) rmSync(templates, { recursive: true, force: true });
    await ns?.cleanup();
  });

  it('sends the customer one text from each bank, From that bank’s number; a STOP to one is that bank’s', async () => {
    const phone = `+1917555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const customers = [aCustomer('bank-1', phone), aCustomer('bank-2', phone)] as const;
    const publisher = createEventPublisher(
      producer,
      bindTopics(
        ['contact.updated', 'contact.consent', 'account.overdue', 'outreach.released'],
        ns.prefix,
      ),
    );
    for (const customer of customers) {
      for (const event of customer.events) await publisher.publish(event.type, [event] as never[]);
    }
    // The services fold the facts before the release comes: each has its own copy (the
    // tracker's, of the contact and the consent).
    const copies = { 'renderer-accounts': 3, 'dispatcher-accounts': 3, 'tracker-accounts': 2 };
    for (const customer of customers) {
      for (const [collection, version] of Object.entries(copies)) {
        await until(`${collection} of ${customer.accountId}`, async () => {
          const doc = await ns.mongo.db
            .collection<{ _id: string; version: number }>(collection)
            .findOne({ _id: `${customer.tenantId}:${customer.accountId}` });
          return (doc?.version ?? 0) >= version;
        });
      }
    }
    for (const customer of customers) {
      await publisher.publish('outreach.released', [customer.released]);
    }

    // The create requests for a customer's text: the status callback names its account.
    const fromsFor = (accountId: string) =>
      twilio
        .createRequests()
        .filter(
          (r) =>
            String(r.form?.['To']) === phone &&
            new URL(String(r.form?.['StatusCallback'])).searchParams.get('accountId') === accountId,
        )
        .map((r) => String(r.form?.['From']));
    for (const customer of customers) {
      await until(
        `the text of ${customer.tenantId}`,
        () => fromsFor(customer.accountId).length > 0,
      );
      expect(fromsFor(customer.accountId)).toEqual([NUMBERS[customer.tenantId]]);
    }
    expect(twilio.specViolations()).toEqual([]);

    // The customer answers bank-1's text: STOP, to the number it came from.
    const [first, second] = customers;
    const revoked = (accountId: string) =>
      seen.some(
        (e) =>
          e.type === 'contact.consent' &&
          e.payload.accountId === accountId &&
          e.payload.status === 'revoked',
      );
    await twilio.simulateInboundSms({
      from: phone,
      to: fromsFor(first.accountId)[0] ?? '',
      body: 'STOP',
      url: `${trackerUrl}/twilio/inbound`,
    });
    await until('bank-1’s revocation', () => revoked(first.accountId));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(revoked(second.accountId)).toBe(false);

    // The audit's record of the rendered message names the number it was to go out from.
    const records = ns.mongo.db.collection<{
      messageId?: string;
      type: string;
      body?: { payload: { from?: string } };
    }>(AUDIT_RECORDS);
    for (const customer of customers) {
      let from: string | undefined;
      await until(`the audit's record of ${customer.messageId}`, async () => {
        const record = await records.findOne({
          messageId: customer.messageId,
          type: 'outreach.rendered',
        });
        from = record?.body?.payload.from;
        return record !== null;
      });
      expect(from).toBe(NUMBERS[customer.tenantId]);
    }
  });
});
