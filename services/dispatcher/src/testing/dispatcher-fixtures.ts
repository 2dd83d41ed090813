/**
 * Test data and wiring for the dispatcher's integration tests: a New York customer's bank events,
 * the `outreach.rendered` events the renderer would publish for them, the environment that points
 * a dispatcher at the stand-ins, and a replica started as the composition root starts one.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Clock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type EventOf,
  type OutreachRenderedV1Payload,
} from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules, type BankInput } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import type { ProvisionedNamespace } from '@kindly/testing';
import { DispatcherSettingsSchema } from '../dispatcher-settings.js';
import { startDispatcher, type DispatcherOptions } from '../start-dispatcher.js';

export const rules = loadPlanningRules();
export const TENANT = 'bank-1';
export const SENDER = '+12125550100';
const MONEY = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

/** One customer in New York, 3 days past due, with consent for servicing texts and e-mail. */
export function aNewYorkAccount(accountId = `acct-${randomBytes(4).toString('hex')}`) {
  const cycleId = `${accountId}-2026-03-01`;
  const phone = `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const email = `${accountId}@example.com`;
  const base = { tenantId: TENANT, correlationId: `cycle-${cycleId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-04T12:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId,
      dueDate: '2026-03-01',
      daysPastDue: 3,
      overdueAmount: MONEY(12_050),
      totalBalance: MONEY(152_000),
      minimumPayment: MONEY(7_600),
    },
  };
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
      postalAddresses: [
        {
          lines: ['350 Fifth Avenue', 'Apt 12'],
          city: 'New York',
          region: 'NY',
          postalCode: '10118',
          country: 'US',
        },
      ],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: [],
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
  const consent = (channel: 'sms' | 'email'): EventOf<'contact.consent'> => ({
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T00:00:00Z',
    payload:
      channel === 'sms'
        ? {
            accountId,
            channel,
            address: phone,
            purpose: 'servicing',
            status: 'granted',
            basis: 'contract',
            source: 'branch',
            at: '2026-02-01T00:00:00Z',
            evidenceRef: 'form-88412',
          }
        : {
            accountId,
            channel,
            address: email,
            purpose: 'servicing',
            status: 'granted',
            basis: 'contract',
            source: 'web',
            at: '2026-02-01T00:00:00Z',
          },
  });
  const events: BankInput[] = [contact, consent('sms'), consent('email'), overdue];
  return { accountId, cycleId, phone, email, base, overdue, contact, events };
}

export type NewYorkAccount = ReturnType<typeof aNewYorkAccount>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The `outreach.rendered` event the renderer publishes for the account's message on `channel`. */
export function renderedEvent(
  account: NewYorkAccount,
  channel: 'sms' | 'email' | 'letter',
  options: { at?: string; latestSendAt?: string; purpose?: 'servicing' | 'marketing' } = {},
): EventOf<'outreach.rendered'> {
  const messageId = deterministicId('message', account.accountId, account.cycleId, '1', channel);
  const purpose = options.purpose ?? 'servicing';
  const common = {
    accountId: account.accountId,
    messageId,
    cycleId: account.cycleId,
    stage: 1,
    templateId: `reminder-friendly-${channel}`,
    templateVersion: '3',
    locale: 'en-US',
    purpose,
    latestSendAt: options.latestSendAt ?? '2026-03-04T22:00:00Z',
    reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
  };
  const unsubscribe = `https://kindly.example/u/${messageId}`;
  const payload: OutreachRenderedV1Payload =
    channel === 'sms'
      ? {
          ...common,
          channel,
          contentHash: sha256(`sms ${messageId}`),
          content: {
            body: `Example Bank: your card ending 4821 is 3 days past due. Ref ${messageId.slice(0, 8)}. Reply STOP to opt out.`,
            encoding: 'GSM-7',
            segments: 1,
            units: 110,
          },
        }
      : channel === 'email'
        ? {
            ...common,
            channel,
            contentHash: sha256(`email ${messageId}`),
            content: {
              subject: 'A friendly reminder about your card',
              html: '<p>Your card ending 4821 is 3 days past due.</p><p><a href="https://kindly.example/pay">Pay now</a></p>',
              text: 'Your card ending 4821 is 3 days past due. Pay at https://kindly.example/pay',
              headers: {
                'List-Unsubscribe': `<${unsubscribe}>, <mailto:unsubscribe@kindly.example?subject=unsubscribe%20${messageId}>`,
                ...(purpose === 'marketing'
                  ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
                  : {}),
              },
            },
          }
        : {
            ...common,
            channel,
            contentHash: sha256(`letter ${messageId}`),
            content: {
              pages: 1,
              pdfBase64: Buffer.from(`%PDF-1.4\n% letter ${messageId}\n%%EOF\n`).toString('base64'),
            },
          };
  return createEvent('outreach.rendered', {
    ...account.base,
    eventId: deterministicId('outreach.rendered', messageId),
    causationId: account.overdue.eventId,
    occurredAt: options.at ?? '2026-03-04T14:00:00Z',
    payload,
  });
}

/** An RSA key pair for DKIM: the private key for the dispatcher, the public one for the test. */
export function aDkimKey(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** The settings that point a dispatcher at this namespace and at the stand-ins. */
export function dispatcherEnv(
  ns: ProvisionedNamespace,
  standIns: { twilio: TwilioStandIn; smtp: SmtpCatcher },
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    // Short, so that takeovers come quickly, and consistent with the timeouts below.
    DISPATCHER_CLAIM_LEASE_MS: '7000',
    DISPATCHER_PROVIDER_TIMEOUT_MS: '2500',
    DISPATCHER_RATE_WAIT_MAX_MS: '500',
    RECOVERY_INTERVAL_MS: '250',
    RECOVERY_GRACE_MS: '500',
    DISPATCHER_RETRY_DELAYS_MS: '300,600,1000,1500,2000,3000,4000',
    DISPATCHER_MAX_ATTEMPTS: '12',
    DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    DISPATCHER_BREAKER_FAILURES: '3',
    DISPATCHER_BREAKER_OPEN_MS: '500',
    DISPATCHER_STATUS_CALLBACK_URL: 'http://127.0.0.1:9/twilio/status',
    DISPATCHER_BOUNCE_DOMAIN: 'bounces.bank.example',
    DISPATCHER_EMAIL_FROM: 'Example Bank <notices@bank.example>',
    // Most of these tests are about sending, not the reassigned-numbers check: off, unless the
    // test names the database (`extra`'s RND_API_BASE_URL: both at once are refused).
    ...(extra['RND_API_BASE_URL'] === undefined ? { DISPATCHER_REASSIGNED_CHECK: 'off' } : {}),
    TWILIO_ACCOUNT_SID: standIns.twilio.accountSid,
    TWILIO_AUTH_TOKEN: standIns.twilio.authToken,
    TWILIO_FROM: SENDER,
    TWILIO_API_BASE_URL: standIns.twilio.url,
    TWILIO_MPS: '200',
    TWILIO_BURST: '50',
    SMTP_HOST: standIns.smtp.hostname,
    SMTP_PORT: String(standIns.smtp.port),
    SMTP_IGNORE_TLS: 'true',
    SMTP_POOL_SIZE: '2',
    ...extra,
  };
}

export interface ReplicaOptions {
  readonly env: Record<string, string>;
  readonly clock: Clock;
  readonly owner: string;
  readonly options?: DispatcherOptions;
}

/** Starts one dispatcher replica with its own connections, as `main.ts` would. */
export async function startReplica(replica: ReplicaOptions): Promise<{
  service: StartedService;
  producer: Producer;
  stop(): Promise<void>;
}> {
  const settings = parseConfig(ServiceSettings.extend(DispatcherSettingsSchema.shape), replica.env);
  const kafka = createKafka({ brokers: settings.KAFKA_BROKERS, clientId: replica.owner });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: settings.MONGODB_URI,
    database: settings.MONGODB_DATABASE,
    appName: replica.owner,
  });
  const service = await startDispatcher(
    {
      settings,
      logger: createLogger({ service: 'dispatcher', level: 'silent' }),
      metrics: createMetrics({ service: 'dispatcher' }),
      clock: replica.clock,
      kafka,
      producer,
      mongo,
    },
    rules,
    { owner: replica.owner, ...replica.options },
  );
  return {
    service,
    producer,
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}

/** Polls `condition` every 100 ms until it holds, for at most `ms`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
