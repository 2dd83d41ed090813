/**
 * Test data and wiring for the tracker's integration tests: customers as the bank describes them
 * (contact details and SMS consent), the `accepted` outcomes the dispatcher publishes for their
 * messages, and a tracker started as the composition root starts one, on a real HTTP port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parseConfig } from '@kindly/config';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type EventOf,
  type MessageChannel,
} from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { createLogger, type Logger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { ServiceSettings } from '@kindly/service';
import { freePort, type ProvisionedNamespace } from '@kindly/testing';
import { systemClock } from '@kindly/clock';
import { startTracker, type StartedTracker } from '../start-tracker.js';
import { TrackerSettingsSchema } from '../tracker-settings.js';

export const AUTH_TOKEN = 'tracker-test-auth-token';
export const UNSUBSCRIBE_SECRET = 'tracker-test-unsubscribe-secret';
/** TRACKER_BOUNCE_TOKEN is required, and at least 32 characters. */
export const BOUNCE_TOKEN = 'tracker-test-bounce-token-0123456789';

export function aPhone(): string {
  return `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
}

/** A customer's contact details and SMS consent, as the bank sends them. */
export function aCustomer(
  options: { tenantId?: string; phone?: string; email?: string; accountId?: string } = {},
) {
  const tenantId = options.tenantId ?? 'bank-1';
  const accountId = options.accountId ?? `acct-${randomBytes(4).toString('hex')}`;
  const phone = options.phone ?? aPhone();
  const email = options.email ?? `${accountId}@example.com`;
  const base = { tenantId, correlationId: `contact-${accountId}`, causationId: null };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      name: { family: 'Doe', given: 'Jane' },
      phones: [{ number: phone, type: 'mobile', primary: true }],
      emails: [{ address: email, type: 'personal' }],
      postalAddresses: [],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: [],
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
  const consent: EventOf<'contact.consent'> = {
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T00:00:00Z',
    payload: {
      accountId,
      channel: 'sms',
      address: phone,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: '2026-02-01T00:00:00Z',
    },
  };
  return { tenantId, accountId, phone, email, contact, consent };
}

export type Customer = ReturnType<typeof aCustomer>;

/** The dispatcher's word that a provider took a message for the customer. */
export function anAcceptedOutcome(
  customer: Customer,
  channel: MessageChannel,
  options: { messageId?: string; providerMessageId?: string; attempt?: number } = {},
): EventOf<'delivery.outcome'> {
  const messageId = options.messageId ?? randomUUID();
  const attempt = options.attempt ?? 1;
  return createEvent('delivery.outcome', {
    eventId: deterministicId('delivery.outcome', messageId, String(attempt), 'accepted'),
    occurredAt: '2026-03-04T13:00:01Z',
    correlationId: `cycle-${customer.accountId}`,
    causationId: newEventId(),
    tenantId: customer.tenantId,
    payload: {
      accountId: customer.accountId,
      messageId,
      attempt,
      channel,
      provider: channel === 'sms' ? 'twilio' : 'smtp',
      ...(options.providerMessageId ? { providerMessageId: options.providerMessageId } : {}),
      status: 'accepted',
      retryable: false,
      at: '2026-03-04T13:00:01Z',
    },
  });
}

/**
 * Starts the tracker with its own connections, as `main.ts` would, on a real HTTP port; silent
 * unless given a logger (e.g. @kindly/http/testing's `recordingLogger`).
 */
export async function startTestTracker(
  ns: ProvisionedNamespace,
  env: Record<string, string> = {},
  logger: Logger = createLogger({ service: 'tracker', level: 'silent' }),
): Promise<{
  tracker: StartedTracker;
  baseUrl: string;
  producer: Producer;
  stop(): Promise<void>;
}> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const settings = parseConfig(ServiceSettings.extend(TrackerSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    TRACKER_HTTP_HOST: '127.0.0.1',
    TRACKER_HTTP_PORT: String(port),
    TRACKER_PUBLIC_BASE_URL: baseUrl,
    TRACKER_TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TRACKER_UNSUBSCRIBE_SECRET: UNSUBSCRIBE_SECRET,
    TRACKER_BOUNCE_TOKEN: BOUNCE_TOKEN,
    TRACKER_SMTP_HOST: '127.0.0.1',
    TRACKER_SMTP_PORT: '0',
    ...env,
  });
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'tracker-test' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: 'tracker-test',
  });
  const tracker = await startTracker({
    settings,
    logger,
    metrics: createMetrics({ service: 'tracker' }),
    clock: systemClock,
    kafka,
    producer,
    mongo,
  });
  return {
    tracker,
    baseUrl,
    producer,
    async stop() {
      await tracker.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}

/** Polls `condition` every 50 ms until it holds, for at most `ms`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
