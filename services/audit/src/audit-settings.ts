import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';
import { parseKeyEncryptionKeys } from './domain/evidence-cipher.js';

/** The audit service's own settings, on top of every service's. */
export const AuditSettingsSchema = z.object({
  /**
   * Required: keys the HMAC that stands for every address and name in the audit. Whoever holds it
   * can find an address's records; rotating it makes earlier records unfindable by address (their
   * chains still verify), so keep it as long as the records.
   */
  AUDIT_ADDRESS_KEY: z.string().min(32, 'must be at least 32 characters'),
  /**
   * Required: the key-encryption keys of the evidence (the content sent), `id:base64` with 32-byte
   * keys, comma-separated. Keep every id that sealed evidence still held; see the README on
   * rotation.
   */
  AUDIT_EVIDENCE_KEYS: z
    .string()
    .min(1)
    .superRefine((list, ctx) => {
      try {
        parseKeyEncryptionKeys(list);
      } catch (error) {
        // The parser's message names a key id or the form, never a key's bytes.
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
      }
    }),
  /** The id among AUDIT_EVIDENCE_KEYS that new evidence is sealed with (the first by default). */
  AUDIT_EVIDENCE_ACTIVE_KEY: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected a key id')
    .optional(),
  /** Anchor period: records are anchored per this many minutes (UTC, from the epoch). */
  AUDIT_ANCHOR_PERIOD_MINUTES: z.coerce.number().int().min(1).max(1_440).default(60),
  /** How long after a period ends it is anchored (covers a write stamped just before the end). */
  AUDIT_ANCHOR_GRACE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(120),
  /** The pause between anchoring rounds. */
  AUDIT_ANCHOR_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /**
   * How often retention runs (kindly audit expire does the same by hand): accounts whose class
   * has run out lose their bodies and evidence, and the chain records it. 0 turns it off (a
   * deployment that runs `kindly audit expire` from its own scheduler).
   */
  AUDIT_RETENTION_INTERVAL_MS: z.coerce.number().int().min(0).max(604_800_000).default(3_600_000),
  AUDIT_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
});
export type AuditSettings = z.infer<typeof AuditSettingsSchema> & ServiceSettings;
