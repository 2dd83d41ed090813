import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

const port = z.coerce.number().int().min(1).max(65_535);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
const delays = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated milliseconds')
  .transform((value) => value.split(',').map(Number));

/** The dispatcher's own settings, on top of every service's. Provider settings by provider. */
export const DispatcherSettingsSchema = z.object({
  /** A policy file to use instead of the shipped default (the planner's must be the same). */
  DISPATCHER_POLICY_FILE: z.string().min(1).optional(),
  DISPATCHER_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  /**
   * How long a claim keeps other replicas off a message. It must outlast everything between the
   * claim and the record: the wait for a rate-limit token and a provider call at its timeout
   * (see {@link dispatcherSettingsConflicts}); a crashed replica's claims are taken over by
   * recovery once it runs out, whatever the retry schedule.
   */
  DISPATCHER_CLAIM_LEASE_MS: z.coerce.number().int().min(500).max(600_000).default(60_000),
  /** The longest a provider call may take: Twilio's request timeout; SMTP's socket timeout. */
  DISPATCHER_PROVIDER_TIMEOUT_MS: z.coerce.number().int().min(200).max(120_000).default(20_000),
  /**
   * The longest a send waits for a rate-limit token while it holds its claim; a longer wait
   * gives the claim back and the message comes again through the retry topic.
   */
  DISPATCHER_RATE_WAIT_MAX_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Attempts per message; a retryable failure of the last one is final. */
  DISPATCHER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(6),
  /** Waits before each pass through the retry topic (backoff; ±20% jitter is added). */
  DISPATCHER_RETRY_DELAYS_MS: delays.default([5_000, 30_000, 120_000, 600_000]),
  DISPATCHER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
  /** Consecutive provider failures that pause a provider, and for how long. */
  DISPATCHER_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  DISPATCHER_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** The tracker's Twilio status callback endpoint (the message's ids go into its query). */
  DISPATCHER_STATUS_CALLBACK_URL: z.url().optional(),
  /** Return path `bounces+<messageId>@<domain>` and Message-ID domain. */
  DISPATCHER_BOUNCE_DOMAIN: z
    .string()
    .regex(/^[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/, 'a domain name')
    .default('bounces.kindly.invalid'),
  /** The From header of e-mails, e.g. `Example Bank <notices@bank.example>`. */
  DISPATCHER_EMAIL_FROM: z.string().min(3).default('Kindly <notices@kindly.invalid>'),

  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/)
    .optional(),
  /**
   * Each tenant's own Messaging Service, `tenant:MG…,tenant2:MG…`: a tenant's texts go through
   * its own (its numbers in its sender pool), so that a STOP, service-wide under Twilio's
   * Advanced Opt-Out, stays that tenant's. Tenants not listed use TWILIO_MESSAGING_SERVICE_SID.
   */
  TWILIO_MESSAGING_SERVICES: z
    .string()
    .regex(
      /^[A-Za-z0-9._-]{1,64}:MG[0-9a-fA-F]{32}(,[A-Za-z0-9._-]{1,64}:MG[0-9a-fA-F]{32})*$/,
      'tenant:MG… pairs, comma-separated (a tenant id, a colon, a Messaging Service SID)',
    )
    .transform((value) => value.split(',').map((pair) => pair.split(':') as [string, string]))
    .refine(
      (pairs) => new Set(pairs.map(([tenant]) => tenant)).size === pairs.length,
      'a tenant listed twice',
    )
    .transform((pairs) => new Map(pairs))
    .optional(),
  /** Another base URL for Twilio's API (a local stand-in); unset: api.twilio.com. */
  TWILIO_API_BASE_URL: z.url().optional(),
  /** Messages per second the sender may send (a US long code: 1) and the burst. */
  TWILIO_MPS: z.coerce.number().positive().max(10_000).default(1),
  TWILIO_BURST: z.coerce.number().int().min(1).max(10_000).default(1),
  /** A second Twilio account to fail over to when the first is failing. */
  TWILIO_SECONDARY_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/)
    .optional(),
  TWILIO_SECONDARY_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_SECONDARY_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/)
    .optional(),
  TWILIO_SECONDARY_API_BASE_URL: z.url().optional(),

  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: flag.default(false),
  /** Plain SMTP without STARTTLS: a local relay or test server only. */
  SMTP_IGNORE_TLS: flag.default(false),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASSWORD: z.string().min(1).optional(),
  /** Connections to the relay, and so messages in flight. */
  SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  /** Messages per second to the relay (its quota); unset: only the pool limits. */
  SMTP_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
  /** A second relay to fail over to. */
  SMTP_SECONDARY_HOST: z.string().min(1).optional(),
  SMTP_SECONDARY_PORT: port.default(587),
  DKIM_DOMAIN: z.string().min(1).optional(),
  DKIM_SELECTOR: z.string().min(1).optional(),
  /** The PEM private key itself (from a secret store). */
  DKIM_PRIVATE_KEY: z.string().min(1).optional(),

  /** The print vendor's outbox folder; unset: letters fail with CHANNEL_NOT_CONFIGURED. */
  DISPATCHER_LETTER_OUTBOX: z.string().min(1).optional(),
  DISPATCHER_LETTER_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(500),
  DISPATCHER_LETTER_BATCH_MAX_AGE_MS: z.coerce
    .number()
    .int()
    .min(100)
    .max(7 * 86_400_000)
    .default(15 * 60_000),

  /**
   * The FCC Reassigned Numbers Database's query API (or a stand-in) and the caller's token: the
   * check the policy's `reassignedNumbers` asks for before texts. Both or neither. HTTPS: the
   * token and customers' numbers cross the network; plain HTTP on loopback only (a stand-in).
   */
  RND_API_BASE_URL: z
    .url()
    .refine(httpsOrLoopback, 'https, or http on loopback (127.0.0.1, ::1, localhost) only')
    .optional(),
  RND_API_TOKEN: z.string().min(8).max(4_096).optional(),
  /**
   * `off`: the conscious choice to send texts the policy wants checked without the check, which
   * the dispatcher otherwise refuses to start on (see {@link reassignedCheckProblems}). Only
   * where another system checks the RND before Kindly's texts, or in tests.
   */
  DISPATCHER_REASSIGNED_CHECK: z.enum(['off']).optional(),

  /**
   * Test hook: the process kills itself with SIGKILL right after a provider accepted a message
   * of this channel and before the dispatcher recorded it. Never set in production.
   */
  DISPATCHER_CRASH_AFTER_SEND: z.enum(['sms', 'email', 'letter']).optional(),
});
export type DispatcherSettings = z.infer<typeof DispatcherSettingsSchema> & ServiceSettings;

function httpsOrLoopback(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
}

/**
 * Whether the reassigned-numbers settings fit the policy: where it wants texts checked
 * (`requiredFor` non-empty), the database must be named or the check consciously turned off,
 * never left out by a forgotten setting (texts would go unchecked, without the safe-harbour
 * evidence). Naming the database and turning the check off at once is a contradiction.
 */
export function reassignedCheckProblems(
  settings: Partial<
    Pick<DispatcherSettings, 'RND_API_BASE_URL' | 'RND_API_TOKEN' | 'DISPATCHER_REASSIGNED_CHECK'>
  >,
  requiredFor: readonly string[],
): string[] {
  const named = settings.RND_API_BASE_URL !== undefined && settings.RND_API_TOKEN !== undefined;
  const off = settings.DISPATCHER_REASSIGNED_CHECK === 'off';
  if (named && off) {
    return ['DISPATCHER_REASSIGNED_CHECK=off with RND_API_BASE_URL set: choose one'];
  }
  if (requiredFor.length === 0 || named || off) return [];
  return [
    `RND_API_BASE_URL and RND_API_TOKEN: the policy wants a reassigned-numbers check before ` +
      `texts (reassignedNumbers.requiredFor: ${requiredFor.join(', ')}); set both, or set ` +
      `DISPATCHER_REASSIGNED_CHECK=off where another system checks the RND, or in tests`,
  ];
}

/** Margin for the record's write after a provider answered. */
const RECORD_MARGIN_MS = 1_000;

/**
 * Settings each valid alone that contradict each other, by name: a claim's lease shorter than
 * the time a claim may rightly be held (a token wait, then an SMTP connection and greeting, each
 * capped at half the provider timeout, then the call itself) would let a second replica take
 * over a message the first is still sending, and send it twice.
 */
export function dispatcherSettingsConflicts(
  settings: Pick<
    DispatcherSettings,
    'DISPATCHER_CLAIM_LEASE_MS' | 'DISPATCHER_PROVIDER_TIMEOUT_MS' | 'DISPATCHER_RATE_WAIT_MAX_MS'
  > &
    Partial<Pick<DispatcherSettings, 'RND_API_BASE_URL' | 'RND_API_TOKEN'>>,
): string[] {
  const conflicts: string[] = [];
  if ((settings.RND_API_BASE_URL === undefined) !== (settings.RND_API_TOKEN === undefined)) {
    conflicts.push('RND_API_BASE_URL and RND_API_TOKEN: set both, or neither');
  }
  const held =
    settings.DISPATCHER_RATE_WAIT_MAX_MS +
    2 * settings.DISPATCHER_PROVIDER_TIMEOUT_MS +
    RECORD_MARGIN_MS;
  if (settings.DISPATCHER_CLAIM_LEASE_MS >= held) return conflicts;
  return [
    ...conflicts,
    `DISPATCHER_CLAIM_LEASE_MS: ${settings.DISPATCHER_CLAIM_LEASE_MS} ms is shorter than a claim ` +
      `may be held (DISPATCHER_RATE_WAIT_MAX_MS + 2 × DISPATCHER_PROVIDER_TIMEOUT_MS + ` +
      `${RECORD_MARGIN_MS} ms = ${held} ms): raise it, or lower those`,
  ];
}
