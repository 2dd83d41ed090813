import { InfraSettings } from '@kindly/config';
import { z } from 'zod';
import { AuditSettingsSchema } from '../audit-settings.js';

/**
 * What `kindly audit` reads from the environment: where MongoDB is, the anchoring period (to
 * judge what should be anchored by now), and the keys only some commands need: the address key
 * for a query by address, the evidence keys for content in an export, an Ed25519 key to sign
 * the anchors.
 */
export const AuditCliSettings = InfraSettings.pick({
  MONGODB_URI: true,
  MONGODB_DATABASE: true,
}).extend({
  AUDIT_ANCHOR_PERIOD_MINUTES: AuditSettingsSchema.shape.AUDIT_ANCHOR_PERIOD_MINUTES,
  AUDIT_ANCHOR_GRACE_SECONDS: AuditSettingsSchema.shape.AUDIT_ANCHOR_GRACE_SECONDS,
  AUDIT_ADDRESS_KEY: AuditSettingsSchema.shape.AUDIT_ADDRESS_KEY.optional(),
  AUDIT_EVIDENCE_KEYS: AuditSettingsSchema.shape.AUDIT_EVIDENCE_KEYS.optional(),
  AUDIT_EVIDENCE_ACTIVE_KEY: AuditSettingsSchema.shape.AUDIT_EVIDENCE_ACTIVE_KEY,
  /** PKCS #8 PEM of an Ed25519 key (`openssl genpkey -algorithm ed25519`). */
  AUDIT_SIGNING_KEY: z.string().min(1).optional(),
});
export type AuditCliSettings = z.infer<typeof AuditCliSettings>;
