import { z } from 'zod';
import { InfraSettings } from '@kindly/config';

/** Settings every service has, on top of its own. */
export const ServiceSettings = InfraSettings.extend({
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Port of /healthz, /readyz and /metrics; 0 picks a free one. */
  HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).default(9_400),
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
});
export type ServiceSettings = z.infer<typeof ServiceSettings>;
