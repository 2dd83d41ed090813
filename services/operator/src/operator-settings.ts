import { z } from 'zod';
import { AuditSettingsSchema } from '@kindly/audit';
import type { ServiceSettings } from '@kindly/service';

/**
 * The operator API's own settings, on top of every service's, and the few of other services'
 * it reads to do their work the same way (the audit's anchoring period for verify, the desk's
 * horizon, the renderer's fallback sender for previews).
 */
export const OperatorSettingsSchema = z.object({
  /** Loopback unless told otherwise: the API is for a bank's own network, behind its proxy. */
  OPERATOR_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  OPERATOR_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(8_070),
  /** Requests one key may make in a minute; the rest get 429 with `retry-after`. */
  OPERATOR_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  /** The console's build to serve from `/` (default: services/console/dist, when built). */
  OPERATOR_CONSOLE_DIR: z.string().min(1).optional(),
  /**
   * The audit's address key, as the audit service takes it: with it, the API finds an address's
   * records (`POST /v1/audit/search`) by the keyed hash the audit keeps; without it, that search
   * is not offered. A secret: never logged.
   */
  AUDIT_ADDRESS_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  /**
   * The audit's evidence keys, as the audit service takes them: with them, those allowed
   * (`accounts:content`) open a kept message's sealed content, each viewing recorded; without
   * them, that route answers 501. Secrets: never logged.
   */
  AUDIT_EVIDENCE_KEYS: AuditSettingsSchema.shape.AUDIT_EVIDENCE_KEYS.optional(),
  AUDIT_EVIDENCE_ACTIVE_KEY: AuditSettingsSchema.shape.AUDIT_EVIDENCE_ACTIVE_KEY,
  /** The dead-letter keeper's consumer session: how soon a crashed instance's share moves. */
  OPERATOR_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
  AUDIT_ANCHOR_PERIOD_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
  AUDIT_ANCHOR_GRACE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  ESCALATION_TASK_HORIZON_DAYS: z.coerce.number().int().min(1).max(14).default(5),
  RENDERER_FALLBACK_SENDER: z.string().min(1).optional(),
});
export type OperatorSettings = z.infer<typeof OperatorSettingsSchema> & ServiceSettings;
