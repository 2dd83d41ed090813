/**
 * The channel adapters the settings describe, each behind its rate limit and circuit breaker,
 * with failover to a second account or relay where one is configured. A channel without
 * settings answers every send with the permanent failure `CHANNEL_NOT_CONFIGURED`.
 */
import twilio from 'twilio';
import type { Clock } from '@kindly/clock';
import type { DispatchChannels, EmailMessage, SmsChannel } from '../domain/ports.js';
import { failed, type SendResult } from '../domain/send-result.js';
import type { DispatcherSettings } from '../dispatcher-settings.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { guardedSender, type GuardObserver } from '../resilience/guarded-sender.js';
import { TokenBucket } from '../resilience/token-bucket.js';
import { createNodemailerEmailSender, type EmailSender } from './nodemailer.email-sender.js';
import { openPrintOutbox } from './print-vendor.letter-sender.js';
import { baseUrlHttpClient } from './twilio-base-url.js';
import { createTwilioSmsSender } from './twilio.sms-sender.js';

export interface BuiltChannels {
  readonly channels: DispatchChannels;
  close(): Promise<void>;
}

export async function buildChannels(
  settings: DispatcherSettings,
  options: {
    readonly instance: string;
    /** This process, as its print batches' leases name it. */
    readonly owner: string;
    /** The service's clock: how long a print batch has been open. */
    readonly clock: Clock;
    /** Real time: print batch leases. */
    readonly wallClock: Clock;
    readonly observer?: GuardObserver;
  },
): Promise<BuiltChannels> {
  const breaker = () =>
    new CircuitBreaker(settings.DISPATCHER_BREAKER_FAILURES, settings.DISPATCHER_BREAKER_OPEN_MS);
  const closers: (() => Promise<void> | void)[] = [];

  // SMS: one guarded provider per Twilio account.
  const twilioAccounts = [
    {
      provider: 'twilio',
      sid: settings.TWILIO_ACCOUNT_SID,
      token: settings.TWILIO_AUTH_TOKEN,
      from: settings.TWILIO_FROM,
      service: settings.TWILIO_MESSAGING_SERVICE_SID,
      baseUrl: settings.TWILIO_API_BASE_URL,
      // The account that holds the tenants' smsNumbers: a text goes out from its tenant's number.
      tenantNumbers: true,
      tenantServices: settings.TWILIO_MESSAGING_SERVICES,
    },
    {
      provider: 'twilio-secondary',
      sid: settings.TWILIO_SECONDARY_ACCOUNT_SID,
      token: settings.TWILIO_SECONDARY_AUTH_TOKEN,
      from: settings.TWILIO_SECONDARY_FROM,
      service: undefined,
      baseUrl: settings.TWILIO_SECONDARY_API_BASE_URL ?? settings.TWILIO_API_BASE_URL,
      tenantNumbers: false,
      tenantServices: undefined,
    },
  ].flatMap((account) => {
    if (!account.sid || !account.token || !(account.from || account.service)) return [];
    const timeout = settings.DISPATCHER_PROVIDER_TIMEOUT_MS;
    const client = twilio(account.sid, account.token, {
      ...(account.baseUrl ? { httpClient: baseUrlHttpClient(account.baseUrl, timeout) } : {}),
      autoRetry: false,
      timeout,
    });
    return [
      createTwilioSmsSender({
        client,
        provider: account.provider,
        tenantNumbers: account.tenantNumbers,
        ...(account.tenantServices ? { tenantServices: account.tenantServices } : {}),
        ...(account.from ? { from: account.from } : {}),
        ...(account.service ? { messagingServiceSid: account.service } : {}),
        ...(settings.DISPATCHER_STATUS_CALLBACK_URL
          ? { statusCallbackUrl: settings.DISPATCHER_STATUS_CALLBACK_URL }
          : {}),
      }),
    ].map((sender) => ({ name: account.provider, sender }));
  });
  const sms: SmsChannel =
    twilioAccounts.length === 0
      ? { send: notConfigured('twilio'), lookup: () => Promise.resolve(undefined) }
      : {
          send: guardedSender(
            twilioAccounts.map(({ name, sender }) => ({
              name,
              send: (message) => sender.send(message),
              bucket: new TokenBucket(settings.TWILIO_MPS, settings.TWILIO_BURST, Date.now()),
              breaker: breaker(),
            })),
            options.observer,
            Date.now,
            settings.DISPATCHER_RATE_WAIT_MAX_MS,
          ),
          async lookup(query) {
            for (const { sender } of twilioAccounts) {
              const found = await sender.lookup(query);
              if (found) return found;
            }
            return undefined;
          },
        };

  // E-mail: one guarded provider per relay.
  const relays: { name: string; sender: EmailSender }[] = [];
  for (const [name, host, port] of [
    ['smtp', settings.SMTP_HOST, settings.SMTP_PORT],
    ['smtp-secondary', settings.SMTP_SECONDARY_HOST, settings.SMTP_SECONDARY_PORT],
  ] as const) {
    if (!host) continue;
    const sender = createNodemailerEmailSender({
      provider: name,
      from: settings.DISPATCHER_EMAIL_FROM,
      bounceDomain: settings.DISPATCHER_BOUNCE_DOMAIN,
      server: {
        host,
        port,
        secure: settings.SMTP_SECURE,
        ignoreTls: settings.SMTP_IGNORE_TLS,
        poolSize: settings.SMTP_POOL_SIZE,
        timeoutMs: settings.DISPATCHER_PROVIDER_TIMEOUT_MS,
        ...(settings.SMTP_USER ? { user: settings.SMTP_USER } : {}),
        ...(settings.SMTP_PASSWORD ? { password: settings.SMTP_PASSWORD } : {}),
      },
      ...(settings.DKIM_DOMAIN && settings.DKIM_SELECTOR && settings.DKIM_PRIVATE_KEY
        ? {
            dkim: {
              domainName: settings.DKIM_DOMAIN,
              keySelector: settings.DKIM_SELECTOR,
              privateKey: settings.DKIM_PRIVATE_KEY,
            },
          }
        : {}),
    });
    closers.push(() => sender.close());
    relays.push({ name, sender });
  }
  const rate = settings.SMTP_RATE_PER_SECOND;
  const email: DispatchChannels['email'] =
    relays.length === 0
      ? { send: notConfigured('smtp') }
      : {
          send: guardedSender<EmailMessage>(
            relays.map(({ name, sender }) => ({
              name,
              send: (message) => sender.send(message),
              ...(rate ? { bucket: new TokenBucket(rate, Math.ceil(rate), Date.now()) } : {}),
              breaker: breaker(),
            })),
            options.observer,
            Date.now,
            settings.DISPATCHER_RATE_WAIT_MAX_MS,
          ),
        };

  // Letters: print batches in the outbox, sealed on close (after the consumer has stopped).
  let letter: DispatchChannels['letter'] = { send: notConfigured('print') };
  if (settings.DISPATCHER_LETTER_OUTBOX) {
    const maxAgeMs = settings.DISPATCHER_LETTER_BATCH_MAX_AGE_MS;
    const leaseMs = settings.DISPATCHER_CLAIM_LEASE_MS;
    const outbox = await openPrintOutbox({
      outbox: settings.DISPATCHER_LETTER_OUTBOX,
      instance: options.instance,
      owner: options.owner,
      batchSize: settings.DISPATCHER_LETTER_BATCH_SIZE,
      maxAgeMs,
      // A batch is an open claim like a message's: the same lease keeps other replicas off it.
      leaseMs,
      clock: options.clock,
      wallClock: options.wallClock,
    });
    // The age is on the service's clock, which a simulation moves in jumps: look often.
    outbox.startTimer(
      Math.max(50, Math.min(1_000, Math.floor(maxAgeMs / 4), Math.floor(leaseMs / 3))),
    );
    closers.push(() => outbox.close());
    letter = outbox;
  }

  return {
    channels: { sms, email, letter },
    async close() {
      for (const close of closers) await close();
    },
  };
}

function notConfigured(provider: string): () => Promise<SendResult> {
  return () =>
    Promise.resolve(
      failed({
        provider,
        code: 'CHANNEL_NOT_CONFIGURED',
        retryable: false,
        attempted: true,
        providerFault: false,
        effect: 'none',
        detail: `no ${provider} settings: the channel cannot send`,
      }),
    );
}
