import { z } from 'zod';
import type { ServiceSettings } from '@kindly/service';

const commaList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part.length > 0),
  );

/** The tracker's own settings, on top of every service's. */
export const TrackerSettingsSchema = z.object({
  /** Port of the provider-facing HTTP API (webhooks, bounces, unsubscribe); 0 picks a free one. */
  TRACKER_HTTP_PORT: z.coerce.number().int().min(0).max(65_535).default(8_080),
  /** Nothing listens beyond loopback unless told to: `0.0.0.0` (or an interface) opens it. */
  TRACKER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The base URL providers call, as they see it (a proxy may sit in front): Twilio signs the full
   * URL it posts to, so the signature is checked against this base plus the request's path and
   * query, never against the Host header.
   */
  TRACKER_PUBLIC_BASE_URL: z.url().transform((value) => value.replace(/\/+$/, '')),
  /** Twilio's auth token: the key of `X-Twilio-Signature`. */
  TRACKER_TWILIO_AUTH_TOKEN: z.string().min(8),
  /** The renderer's RENDERER_UNSUBSCRIBE_SECRET: verifies the one-click unsubscribe links. */
  TRACKER_UNSUBSCRIBE_SECRET: z.string().min(16),
  /**
   * Path bases served for the unsubscribe links: the path of each sender's `unsubscribe.urlBase`
   * in the renderer's senders.yaml (`/u` for the shipped ones), and `/unsubscribe`.
   */
  TRACKER_UNSUBSCRIBE_PATHS: commaList
    .pipe(z.array(z.string().regex(/^\/[A-Za-z0-9._~/-]*[^/]$/, 'a path such as /u')))
    .default(['/u', '/unsubscribe']),
  /**
   * Required: `POST /email/bounces` wants `Authorization: Bearer <token>`. A forged hard bounce
   * revokes a customer's e-mail consent, and message ids can be computed by anyone, so the route
   * is never served without it (a mail server's pipe or a provider's webhook sends it).
   */
  TRACKER_BOUNCE_TOKEN: z.string().min(32, 'must be at least 32 characters'),
  /** The local part before `+` in the VERP bounce address `bounces+<messageId>@<domain>`. */
  TRACKER_BOUNCE_LOCAL_PART: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('bounces'),
  /**
   * The local part of the advertised mailto unsubscribe address (`unsubscribe@<domain>`, each
   * sender's `unsubscribe.mailto` in the renderer's senders.yaml): mail to it is an unsubscribe.
   */
  TRACKER_UNSUBSCRIBE_LOCAL_PART: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('unsubscribe'),
  /** The local part of the address registered with mailbox providers' feedback loops (ARF). */
  TRACKER_FEEDBACK_LOCAL_PART: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/)
    .default('fbl'),
  /**
   * When set, an SMTP listener on this port takes DSNs for the bounce address, ARF reports and
   * mail to the unsubscribe address too.
   */
  TRACKER_SMTP_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Loopback unless told otherwise, as the HTTP API. */
  TRACKER_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /**
   * The senders file whose profiles' `smsNumbers` say which tenant each of our numbers sends
   * for (a reply's `To`); default: the repository's `templates/senders.yaml`.
   */
  TRACKER_SENDERS_FILE: z.string().min(1).optional(),
  /**
   * The renderer's own setting, read as it reads it: the senders-file bank whose profiles serve
   * tenants the file does not name (demos). A click route that bank's profile uses then also
   * counts the clicks of those tenants' messages, as the renderer printed their links there.
   */
  RENDERER_FALLBACK_SENDER: z.string().min(1).optional(),
  TRACKER_SESSION_TIMEOUT_MS: z.coerce.number().int().min(6_000).max(300_000).optional(),
  /**
   * Soft bounces of one address that make it unreachable (`contact.unreachable`, reason
   * `soft-bounces`), counted within `TRACKER_SOFT_BOUNCE_DAYS`.
   */
  TRACKER_SOFT_BOUNCE_LIMIT: z.coerce.number().int().min(1).max(100).default(3),
  TRACKER_SOFT_BOUNCE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
});
export type TrackerSettings = z.infer<typeof TrackerSettingsSchema> & ServiceSettings;
