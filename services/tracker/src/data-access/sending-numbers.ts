/**
 * Which tenant sends from which of our numbers: the `smsNumbers` of each tenant's profiles in
 * `templates/senders.yaml`, the one file that says who Kindly's messages come from. Only that
 * field is read here (the renderer checks the rest of the file); a number listed for two
 * tenants is refused at start, as a reply to it could not be given to either.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PhoneNumber } from '@kindly/contracts';
import type { SendingNumbers } from '../domain/ports.js';

export const defaultSendersFile = fileURLToPath(
  new URL('../../../../templates/senders.yaml', import.meta.url),
);

const SendersFile = z.looseObject({
  senders: z.record(
    z.string().min(1),
    z.looseObject({
      jurisdictions: z.record(
        z.string(),
        z.looseObject({ smsNumbers: z.array(PhoneNumber).optional() }),
      ),
    }),
  ),
});

export function sendingNumbersFrom(source: string, file = 'senders.yaml'): SendingNumbers {
  const parsed = SendersFile.safeParse(parseYaml(source));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  const owners = new Map<string, string>();
  for (const [tenantId, { jurisdictions }] of Object.entries(parsed.data.senders)) {
    for (const profile of Object.values(jurisdictions)) {
      for (const number of profile.smsNumbers ?? []) {
        const owner = owners.get(number);
        if (owner !== undefined && owner !== tenantId) {
          // Names the tenants, not the number: a sending number is ours, but logs stay plain.
          throw new Error(`${file}: a sending number is listed for ${owner} and ${tenantId}`);
        }
        owners.set(number, tenantId);
      }
    }
  }
  return { tenantOf: (ourNumber) => owners.get(ourNumber) };
}

export function loadSendingNumbers(file: string = defaultSendersFile): SendingNumbers {
  return sendingNumbersFrom(readFileSync(file, 'utf8'), file);
}
