/**
 * Issue 17, item 4, the report's `clicked`: a campaign SMS whose sender tracks its payment links
 * (`payment.tracking` in senders.yaml) is followed through the tracker's click route, twice; the
 * tracker redirects to the payment page with the signed reference and publishes one
 * `delivery.outcome` `clicked`, which the campaigns service folds into its record of the message
 * (clicked, and so delivered): what `kindly campaign report` counts. On the real broker and
 * MongoDB-wire server, with the tracker's HTTP port.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignsSettingsSchema, startCampaigns } from '@kindly/campaigns';
import { systemClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  createEvent,
  deterministicId,
  eventTypes,
  messageReferenceOf,
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
  type Kafka,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo, type MongoConnection } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { campaignMessageIdOf, loadPlanningRules } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { waitUntil } from '@kindly/stand-ins';
import { freePort, provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { startTracker, TrackerSettingsSchema } from '@kindly/tracker';
import { collectEvents } from '../support/collect-events.js';
import { namespaceEnv } from '../support/service-settings.js';

const SENDERS = join(import.meta.dirname, '../../templates/senders.yaml');
const CAMPAIGN = 'spring-plan';
const TENANT = 'bank-1';

interface CampaignMessageDocument {
  _id: string;
  messageId?: string;
  sentAt?: string;
  delivered?: boolean;
  clicked?: boolean;
}

describe('a campaign message’s payment link followed through the tracker', () => {
  let ns: ProvisionedNamespace;
  let kafka: Kafka;
  let producer: Producer;
  let mongo: MongoConnection;
  let folder: string;
  let trackerUrl: string;
  const services: StartedService[] = [];
  const seen: AnyEvent[] = [];
  let reader: Awaited<ReturnType<typeof collectEvents>>;
  const logger = createLogger({ service: 'campaign-clicks', level: 'silent' });

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kindly-campaign-clicks-'));
    const senders = join(folder, 'senders.yaml');
    const shipped = readFileSync(SENDERS, 'utf8');
    const tracked = shipped.replace(
      '          smsLinkBase: https://exb.example/p\n',
      '          smsLinkBase: https://exb.example/p\n' +
        '          tracking: { linkBase: https://exb.example/c, channels: [email, sms] }\n',
    );
    expect(tracked).not.toBe(shipped);
    writeFileSync(senders, tracked);

    ns = await provisionTestNamespace('campaign-clicks', eventTypes);
    kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'campaign-clicks' });
    producer = createProducer(kafka);
    await producer.connect();
    mongo = await connectMongo({
      uri: ns.infra.mongoUri,
      database: ns.database,
      appName: 'campaign-clicks',
    });
    const context = { logger, clock: systemClock, kafka, producer, mongo };
    const port = await freePort();
    trackerUrl = `http://127.0.0.1:${port}`;
    services.push(
      await startTracker({
        ...context,
        metrics: createMetrics({ service: 'tracker' }),
        settings: parseConfig(ServiceSettings.extend(TrackerSettingsSchema.shape), {
          ...namespaceEnv(ns),
          TRACKER_HTTP_PORT: String(port),
          TRACKER_PUBLIC_BASE_URL: trackerUrl,
          TRACKER_TWILIO_AUTH_TOKEN: 'campaign-clicks-twilio-token',
          TRACKER_UNSUBSCRIBE_SECRET: 'campaign-clicks-unsubscribe-secret',
          TRACKER_BOUNCE_TOKEN: 'campaign-clicks-bounce-token-0123456789',
          TRACKER_SENDERS_FILE: senders,
          // The test's tenant is none the file names: the demo bank's profiles serve it.
          RENDERER_FALLBACK_SENDER: 'demo-bank',
        }),
      }),
    );
    services.push(
      await startCampaigns(
        {
          ...context,
          metrics: createMetrics({ service: 'campaigns' }),
          settings: parseConfig(
            ServiceSettings.extend(CampaignsSettingsSchema.shape),
            namespaceEnv(ns),
          ),
        },
        loadPlanningRules(),
      ),
    );
    reader = await collectEvents(kafka, ns, ['delivery.outcome'], seen);
  });
  afterAll(async () => {
    await reader?.disconnect();
    for (const service of services.reverse()) await service.stop();
    await producer?.disconnect();
    await mongo?.close();
    await ns?.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('is counted clicked once by the campaigns service, followed twice', async () => {
    const accountId = `acct-${randomBytes(4).toString('hex')}`;
    const messageId = campaignMessageIdOf(TENANT, accountId, CAMPAIGN);
    const base = sampleEvents['outreach.planned'];
    const planned = createEvent('outreach.planned', {
      eventId: newEventId(),
      occurredAt: '2027-03-02T09:00:00Z',
      correlationId: `campaign:${CAMPAIGN}`,
      causationId: null,
      tenantId: TENANT,
      payload: {
        ...base.payload,
        accountId,
        messageId,
        cycleId: `campaign:${CAMPAIGN}`,
        purpose: 'marketing',
        campaignId: CAMPAIGN,
        variant: 'champion',
      },
    });
    const accepted: EventOf<'delivery.outcome'> = createEvent('delivery.outcome', {
      eventId: deterministicId('delivery.outcome', messageId, '1', 'accepted'),
      occurredAt: '2027-03-02T09:00:01Z',
      correlationId: `campaign:${CAMPAIGN}`,
      causationId: planned.eventId,
      tenantId: TENANT,
      payload: {
        accountId,
        messageId,
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        providerMessageId: 'SM0123456789abcdef0123456789abcdef',
        status: 'accepted',
        retryable: false,
        at: '2027-03-02T09:00:01Z',
      },
    });
    const publisher = createEventPublisher(
      producer,
      bindTopics(['outreach.planned', 'delivery.outcome'], ns.prefix),
    );
    await publisher.publish('outreach.planned', [planned]);
    const messages = mongo.db.collection<CampaignMessageDocument>('campaign-messages');
    const message = () => messages.findOne({ messageId });
    await waitUntil(async () => (await message()) !== null, { timeoutMs: 30_000, what: 'planned' });
    await publisher.publish('delivery.outcome', [accepted]);
    await waitUntil(async () => (await message())?.sentAt !== undefined, {
      timeoutMs: 30_000,
      what: 'sent',
    });
    const tracked = mongo.db.collection<{ _id: string; reference?: string }>('tracker-deliveries');
    await waitUntil(
      async () => (await tracked.findOne({ _id: `${messageId}/1` }))?.reference !== undefined,
      { timeoutMs: 30_000, what: 'the tracker’s record' },
    );
    // Sent, and nothing reported it delivered or clicked yet.
    expect(await message()).not.toHaveProperty('clicked');
    expect(await message()).not.toHaveProperty('delivered');

    const signed = `k2026.${messageReferenceOf(messageId)}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`;
    for (let click = 0; click < 2; click += 1) {
      const answer = await fetch(`${trackerUrl}/c/${signed}`, { redirect: 'manual' });
      expect(answer.status).toBe(302);
      expect(answer.headers.get('location')).toBe(`https://pay.example-bank.com/r/${signed}`);
    }

    await waitUntil(async () => (await message())?.clicked === true, {
      timeoutMs: 30_000,
      what: 'clicked',
    });
    expect(await message()).toMatchObject({ clicked: true, delivered: true });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const clicks = seen.filter(
      (e) =>
        e.type === 'delivery.outcome' &&
        e.payload.messageId === messageId &&
        e.payload.status === 'clicked',
    );
    expect(clicks).toHaveLength(1);
  });
});
