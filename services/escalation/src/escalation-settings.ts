import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

/** The escalation service's own settings, on top of every service's. */
export const EscalationSettingsSchema = z.object({
  /** A policy file instead of the shipped one (must be the planner's). */
  ESCALATION_POLICY_FILE: z.string().min(1).optional(),
  ESCALATION_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  /** The pause between timer rounds when nothing more is due. */
  ESCALATION_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Timers decided per round. */
  ESCALATION_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  /** How many days ahead an agent task lists its calling windows (at most the step's wait). */
  ESCALATION_TASK_HORIZON_DAYS: z.coerce.number().int().min(1).max(14).default(5),
  ESCALATION_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type EscalationSettings = z.infer<typeof EscalationSettingsSchema> & ServiceSettings;
