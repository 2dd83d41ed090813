/**
 * The audit's keys for a local `kindly run all`, kept between runs in a file beside the local
 * infrastructure (mode 0600), when they are not set: the audit keeps addresses as hashes under
 * its address key and seals content under its evidence key, so a key made up again at every
 * start would leave what earlier runs kept unfindable and make the re-check compare hashes made
 * under two keys. A demo run keeps its own in its run folder, for the console served over it
 * later (a message's sealed content, a search by address).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { withLocalSecrets } from './start-all.js';

const KEPT = ['AUDIT_ADDRESS_KEY', 'AUDIT_EVIDENCE_KEYS'] as const;
const KeptFile = z.object({ AUDIT_ADDRESS_KEY: z.string(), AUDIT_EVIDENCE_KEYS: z.string() });

/** The audit's keys kept in `file`, or undefined when none were kept there. */
export function readKeptAuditKeys(
  file: string,
): { AUDIT_ADDRESS_KEY: string; AUDIT_EVIDENCE_KEYS: string } | undefined {
  if (!existsSync(file)) return undefined;
  return KeptFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export function withKeptAuditKeys(
  env: Readonly<Record<string, string | undefined>>,
  file: string,
): { env: Record<string, string | undefined>; keptIn: string | undefined } {
  if (KEPT.every((name) => env[name])) return { env: { ...env }, keptIn: undefined };
  let kept = readKeptAuditKeys(file);
  if (kept === undefined) {
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
