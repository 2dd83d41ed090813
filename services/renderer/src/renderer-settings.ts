import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

/** The renderer's own settings, on top of every service's. */
export const RendererSettingsSchema = z.object({
  /** A templates folder instead of the repository's `templates/`. */
  RENDERER_TEMPLATES_DIR: z.string().min(1).optional(),
  /** Comma-separated strategy files instead of the shipped strategies (as the planner's). */
  RENDERER_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  /** The most segments one SMS may take; a longer render is refused (billing is per segment). */
  RENDERER_SMS_MAX_SEGMENTS: z.coerce.number().int().min(1).max(10).default(4),
  /** Signs the one-click unsubscribe links; the tracker verifies them with the same secret. */
  RENDERER_UNSUBSCRIBE_SECRET: z.string().min(16),
  /** The sender profile for tenants `senders.yaml` does not name (demos); unset: an error. */
  RENDERER_FALLBACK_SENDER: z.string().min(1).optional(),
  RENDERER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type RendererSettings = z.infer<typeof RendererSettingsSchema> & ServiceSettings;
