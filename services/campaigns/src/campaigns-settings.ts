import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';
import { isUsableReferenceKey } from './attribution/index.js';

/** The campaigns service's own settings, on top of every service's. */
export const CampaignsSettingsSchema = z.object({
  /** Strategy files instead of the shipped ones (the planner's must be the same). */
  CAMPAIGNS_STRATEGY_FILES: z
    .string()
    .min(1)
    .transform((value) => value.split(',').map((file) => file.trim()))
    .optional(),
  /**
   * The pause between launch rounds when no launch has allowance and accounts left. A pause or
   * cancel takes effect at the next round, so this is also how long one takes at most.
   */
  CAMPAIGNS_ROUND_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** Accounts read per page of a launch's walk. */
  CAMPAIGNS_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * The keys payment references are signed and verified with, `id:secret` (a secret of 32 bytes
   * or more), comma-separated; the first signs the links, every one verifies (rotation). Unset:
   * links carry the short message reference, a payment's reference is not trusted, and payments
   * are attributed by the campaign's window only.
   */
  CAMPAIGNS_REFERENCE_KEYS: z
    .string()
    .min(1)
    .transform((list, ctx) => {
      const keys = list.split(',').map((entry) => {
        const at = entry.indexOf(':');
        return { id: entry.slice(0, at).trim(), secret: entry.slice(at + 1).trim() };
      });
      if (new Set(keys.map((key) => key.id)).size !== keys.length) {
        // Two secrets under one id: tokens of the second would be refused as bad signatures.
        ctx.addIssue({ code: 'custom', message: 'each key id may be listed once' });
        return z.NEVER;
      }
      for (const key of keys) {
        if (!isUsableReferenceKey(key)) {
          // Names the key id or the form, never a secret.
          ctx.addIssue({
            code: 'custom',
            message:
              'expected id:secret entries, ids of 1–8 letters and digits, secrets of 32+ bytes',
          });
          return z.NEVER;
        }
      }
      return keys;
    })
    .optional(),
  CAMPAIGNS_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type CampaignsSettings = z.infer<typeof CampaignsSettingsSchema> & ServiceSettings;
