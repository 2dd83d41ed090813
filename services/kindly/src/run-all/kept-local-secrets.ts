/**
 * The audit's keys for a local `kindly run all`, kept between runs in a file beside the local
 * infrastructure (mode 0600), when they are not set: the audit keeps addresses as hashes under
 * its address key and seals content under its evidence key, so a key made up again at every
 * start would leave what earlier runs kept unfindable and make the re-check compare hashes made
 * under two keys. The demo does not use this: each demo run has a database of its own.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { withLocalSecrets } from './start-all.js';

const KEPT = ['AUDIT_ADDRESS_KEY', 'AUDIT_EVIDENCE_KEYS'] as const;
const KeptFile = z.object({ AUDIT_ADDRESS_KEY: z.string(), AUDIT_EVIDENCE_KEYS: z.string() });

export function withKeptAuditKeys(
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): { env: Record<string, string | undefined>; keptIn: string | undefined } {
  if (KEPT.every((name) => env[name])) return { env: { ...env }, keptIn: undefined };
  let kept: z.infer<typeof KeptFile>;
  if (existsSync(file)) {
    kept = KeptFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } else {
    const made = withLocalSecrets({}).env;
    kept = {
      AUDIT_ADDRESS_KEY: made['AUDIT_ADDRESS_KEY']!,
      AUDIT_EVIDENCE_KEYS: made['AUDIT_EVIDENCE_KEYS']!,
    };
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(kept)}\n`, { mode: 0o600 });
  }
  const filled = Object.fromEntries(
    KEPT.filter((name) => !env[name]).map((name) => [name, kept[name]]),
  );
  return { env: { ...env, ...filled }, keptIn: file };
}
