import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

/** The scheduler's own settings, on top of every service's. */
export const SchedulerSettingsSchema = z.object({
  /** A policy file to use instead of the shipped default (the planner's must be the same). */
  SCHEDULER_POLICY_FILE: z.string().min(1).optional(),
  SCHEDULER_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  /** The pause between release rounds when nothing more is due. */
  SCHEDULER_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Messages claimed per round. */
  SCHEDULER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(200),
  /** How long a claim holds before another replica takes it over; longer than a round takes. */
  SCHEDULER_LEASE_MS: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  /** How long after its planned window a message may still be re-slotted, then it expires. */
  SCHEDULER_MAX_DELAY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /**
   * SMS released a second, spread over the window rather than all at its opening. Unset: the
   * dispatcher's Twilio rate (`TWILIO_MPS`) when set, else not paced.
   */
  SCHEDULER_SMS_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
  /** E-mails released a second. Unset: the relay's rate (`SMTP_RATE_PER_SECOND`) when set. */
  SCHEDULER_EMAILS_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
  /** The dispatcher's provider rates, read so that one setting paces both services. */
  TWILIO_MPS: z.coerce.number().positive().max(10_000).optional(),
  SMTP_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).optional(),
  /**
   * How long a plan that fell back from a preferred channel (its text had no consent yet) waits
   * at least after the scheduler took it in, for a fact of the same instant to reach the last
   * look (which withdraws it as SUPERSEDED when the preferred channel became eligible). 0: off.
   * Plans that passed no channel over are never held.
   */
  SCHEDULER_FALLBACK_HOLD_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** Consumer session timeout: how soon a dead replica's partitions go to the others. */
  SCHEDULER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type SchedulerSettings = z.infer<typeof SchedulerSettingsSchema> & ServiceSettings;
