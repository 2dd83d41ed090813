import { z } from 'zod';
import { InfraSettings } from '@kindly/config';

/** Settings every service has, on top of its own. */
export const ServiceSettings = InfraSettings.extend({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of /healthz, /readyz and /metrics; 0 picks a free one. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(9_400),
  /**
   * Where /healthz, /readyz and /metrics listen: loopback unless told otherwise (a platform whose
   * probes and scraper come from outside the pod sets 0.0.0.0). They take no input and say
   * nothing personal (counts and states only), so they need no key.
   */
  HEALTH_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * Prefixed to every topic name: separates tenants or test runs that share one cluster. Empty
   * (the catalog's names) in a normal deployment.
   */
  KAFKA_TOPIC_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._-]{0,100}$/, 'may hold only letters, digits, . _ and -')
    .default(''),
  /** Names this process in logs and Kafka client ids; the host name by default. */
  INSTANCE_ID: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1–64 letters, digits, _ . or -')
    .optional(),
  /**
   * Recovery of records a service wrote and did not carry through (a plan not published, an
   * outbox event not sent, a claim whose owner died): how often it looks, how old a record must
   * be before it counts as left behind, and the age at which it is logged as an error.
   */
  RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(15_000),
  RECOVERY_GRACE_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * How long a stop (SIGTERM) may take before the process exits without it, naming what it
   * waited for: under a platform's grace period (Kubernetes' is 30 s), so that the log says why
   * rather than a SIGKILL. What was in hand comes again from Kafka (uncommitted) or recovery.
   */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).default(25_000),
  RECOVERY_ALERT_AFTER_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
});
export type ServiceSettings = z.infer<typeof ServiceSettings>;
