/** Sender profiles per bank, from `templates/senders.yaml`: read and checked once at start. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Jurisdiction, MessageChannel, OutreachChannel, Purpose } from '@kindly/contracts';
import type { SenderDirectory, SenderProfile } from '../domain/ports.js';
import { RenderError } from '../domain/renderer.errors.js';

const text = z.string().trim().min(1).max(300);
const Localized = z
  .record(z.string().min(2).max(35), text)
  .refine((v) => Object.keys(v).length > 0, 'empty');
const Https = z.url({ protocol: /^https$/ });

const Profile = z.strictObject({
  name: Localized,
  signature: z.record(z.string(), z.string().min(2).max(20)),
  phone: text,
  email: z.email(),
  website: Https,
  hours: Localized,
  returnAddress: z.record(z.string(), z.array(text).min(1).max(4)),
  payment: z.strictObject({
    linkBase: Https,
    bankTransfer: z.strictObject({
      bankName: Localized,
      accountName: Localized,
      accountNumber: text,
    }),
    alipay: Localized,
    wechatPay: Localized,
  }),
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

const SendersFile = z.strictObject({ senders: z.record(z.string().min(1), Profile) });

export const sendersFileIn = (templatesDir: string) => join(templatesDir, 'senders.yaml');

/**
 * @param fallbackTenant a profile to use for tenants the file does not name (demos, previews);
 *   without it an unknown tenant is an error rather than a message in another bank's name
 */
export function loadSenderDirectory(file: string, fallbackTenant?: string): SenderDirectory {
  const parsed = SendersFile.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const senders: Record<string, SenderProfile> = parsed.data.senders;
  if (fallbackTenant !== undefined && !(fallbackTenant in senders))
    throw new Error(`${file}: no sender "${fallbackTenant}" to fall back on`);
  return {
    senderOf(tenantId) {
      const profile = senders[tenantId] ?? (fallbackTenant ? senders[fallbackTenant] : undefined);
      if (!profile)
        throw new RenderError('SENDER_UNKNOWN', `no sender profile for tenant ${tenantId}`, {
          tenantId,
        });
      return profile;
    },
  };
}
