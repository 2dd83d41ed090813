/**
 * Sender profiles per bank and country, from `templates/senders.yaml`: read and checked once at
 * start. A US customer gets the US profile's phone, payment methods and return address; a
 * jurisdiction's subdivision uses its country's profile (US-MA → US).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  Jurisdiction,
  MessageChannel,
  OutreachChannel,
  PhoneNumber,
  Purpose,
  TimeZone,
  TRACKED_LINK_BASE_PATTERN,
} from '@kindly/contracts';
import type { SenderDirectory } from '../domain/ports.js';
import { RenderError } from '../domain/renderer.errors.js';
import {
  countryOf,
  TRACKABLE_CHANNELS,
  WEEKDAYS,
  type SenderProfile,
} from '../domain/sender-profile.js';

const text = z.string().trim().min(1).max(300);
const Localized = z
  .record(z.string().min(2).max(35), text)
  .refine((v) => Object.keys(v).length > 0, 'empty');
const Lines = z
  .record(z.string().min(2).max(35), z.array(text).min(1).max(4))
  .refine((v) => Object.keys(v).length > 0, 'empty');
const Https = z.url({ protocol: /^https$/ });
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
const Country = z.string().regex(/^[A-Z]{2}$/, 'expected a country code such as US');

const PaymentMethod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card') }),
  z.strictObject({ kind: z.literal('ach') }),
  z.strictObject({ kind: z.literal('phone'), number: text }),
  z.strictObject({
    kind: z.literal('bank-transfer'),
    bankName: Localized,
    accountName: Localized,
    accountNumber: text,
    sortCode: z
      .string()
      .regex(/^\d{2}-\d{2}-\d{2}$/, 'expected a sort code such as 12-34-56')
      .optional(),
    fasterPayments: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('alipay'), account: Localized }),
  z.strictObject({ kind: z.literal('wechat-pay'), account: Localized }),
]);

const Profile = z.strictObject({
  name: Localized,
  signature: z.record(z.string(), z.string().min(2).max(20)),
  phone: text,
  /**
   * The numbers our texts to this country come from (E.164): a rendered SMS carries one as its
   * `from` (domain/sending-number.ts), and the tracker reads them to give a reply (Twilio's
   * `To`) to its tenant. Not in the text itself.
   */
  smsNumbers: z.array(PhoneNumber).max(50).optional(),
  email: z.email(),
  website: Https,
  hours: z.strictObject({
    zone: TimeZone,
    zoneName: Localized,
    periods: z
      .array(
        z
          .strictObject({ days: z.array(z.enum(WEEKDAYS)).min(1), open: Time, close: Time })
          .refine((p) => p.open < p.close, 'close must be after open, on the same day'),
      )
      .min(1),
  }),
  returnAddress: Lines,
  letter: z.strictObject({
    paperSize: z.enum(['A4', 'Letter']),
    marking: Localized.optional(),
  }),
  payment: z
    .strictObject({
      linkBase: Https,
      smsLinkBase: Https.optional(),
      tracking: z
        .strictObject({
          // A path the tracker serves, as the tracker reads it (@kindly/contracts' pattern).
          linkBase: Https.refine(
            (url) => TRACKED_LINK_BASE_PATTERN.test(url),
            'expected https://host/path, the tracker’s click route (host [A-Za-z0-9.-], path segments [A-Za-z0-9._-] but not . or .., no query, no trailing slash)',
          ),
          // Empty: retired. No new link goes through the route, and the tracker still serves it
          // for the links already sent.
          channels: z.array(z.enum(TRACKABLE_CHANNELS)),
        })
        .optional(),
      methods: z.array(PaymentMethod).min(1),
    })
    .refine(
      // An SMS link through the tracker must fit where the direct one did: the segment budgets
      // were set with the direct link (the renderer still refuses a render over budget).
      (payment) =>
        payment.tracking?.channels.includes('sms') !== true ||
        payment.tracking.linkBase.length <= (payment.smsLinkBase ?? payment.linkBase).length,
      {
        message: 'tracking.linkBase must be no longer than the SMS link base when SMS is tracked',
        path: ['tracking', 'linkBase'],
      },
    ),
  unsubscribe: z.strictObject({ urlBase: Https, mailto: z.email() }),
  disclosures: z
    .array(
      z.strictObject({
        jurisdictions: z.array(Jurisdiction).min(1),
        channels: z.array(z.union([MessageChannel, OutreachChannel])).min(1),
        purposes: z.array(Purpose).min(1),
        text: Localized,
      }),
    )
    .default([]),
});

const SendersFile = z.strictObject({
  senders: z.record(
    z.string().min(1),
    z.strictObject({
      /** One profile per country the bank's customers live in. */
      jurisdictions: z
        .record(Country, Profile)
        .refine((v) => Object.keys(v).length > 0, 'a tenant needs at least one profile'),
    }),
  ),
});

export const sendersFileIn = (templatesDir: string) => join(templatesDir, 'senders.yaml');

/**
 * @param fallbackTenant a tenant whose profiles serve tenants the file does not name (demos,
 *   previews); without it an unknown tenant is an error rather than a message in another bank's
 *   name
 */
export function loadSenderDirectory(file: string, fallbackTenant?: string): SenderDirectory {
  const parsed = SendersFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const tenants = new Map(
    Object.entries(parsed.data.senders).map(([tenantId, { jurisdictions }]) => [
      tenantId,
      new Map<string, SenderProfile>(
        Object.entries(jurisdictions).map(([country, profile]) => [
          country,
          { ...profile, tenantId, country },
        ]),
      ),
    ]),
  );
  if (fallbackTenant !== undefined && !tenants.has(fallbackTenant))
    throw new Error(`${file}: no sender "${fallbackTenant}" to fall back on`);
  const profilesOf = (tenantId: string) =>
    tenants.get(tenantId) ?? (fallbackTenant ? tenants.get(fallbackTenant) : undefined);
  return {
    senderOf(tenantId, jurisdiction) {
      const profiles = profilesOf(tenantId);
      if (!profiles)
        throw new RenderError('SENDER_UNKNOWN', `no sender profile for tenant ${tenantId}`, {
          tenantId,
        });
      const country = countryOf(jurisdiction);
      const profile = profiles.get(country);
      if (!profile)
        throw new RenderError(
          'SENDER_UNKNOWN',
          `tenant ${tenantId} has no sender profile for jurisdiction ${jurisdiction} (senders.yaml covers ${[...profiles.keys()].join(', ')})`,
          { tenantId, jurisdiction },
        );
      return profile;
    },
    uncovered(jurisdictions) {
      const countries = [...new Set(jurisdictions.map(countryOf))].sort();
      return [...tenants].flatMap(([tenantId, profiles]) =>
        countries.filter((c) => !profiles.has(c)).map((country) => ({ tenantId, country })),
      );
    },
  };
}
