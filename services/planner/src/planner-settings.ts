import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

/** The planner's own settings, on top of every service's. */
export const PlannerSettingsSchema = z.object({
  /** A policy file to use instead of the shipped `policy/default-policy.yaml`. */
  PLANNER_POLICY_FILE: z.string().min(1).optional(),
  /** Comma-separated strategy files to use instead of the shipped `strategies/*.yaml`. */
  PLANNER_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  PLANNER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type PlannerSettings = z.infer<typeof PlannerSettingsSchema> & ServiceSettings;
