import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCampaignCommand } from './campaign-command.js';

const examples = fileURLToPath(new URL('../../campaigns/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kindly-campaign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The command loads its code when a sub-command runs (and commander, YAML, the schema): seconds
// on a busy shared machine, as the other CLI tests allow for, not vitest's 5 s default.
const LOADING = 60_000;

async function run(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await runCampaignCommand(args, { stdout, stderr });
  return { code, out, err };
}

describe('kindly campaign validate', { timeout: LOADING }, () => {
  it('accepts the example campaigns', async () => {
    const { code, out } = await run([
      'validate',
      join(examples, 'instalment-plan-2027-spring.yaml'),
      join(examples, 'settlement-discount-2027-q2.yaml'),
    ]);
    expect(out).toMatch(/instalment-plan-2027-spring\.yaml: valid: instalment-plan-2027-spring v1/);
    expect(code).toBe(0);
  });

  it('names the file, the line and the field of a mistake, and exits 1', async () => {
    const file = join(dir, 'broken.yaml');
    const text = (await import('node:fs'))
      .readFileSync(join(examples, 'settlement-discount-2027-q2.yaml'), 'utf8')
      .replace(/^version: 1$/m, 'version: one');
    writeFileSync(file, text);
    const line = text.split('\n').findIndex((l) => l === 'version: one') + 1;
    const { code, out } = await run(['validate', file]);
    expect(code).toBe(1);
    expect(out).toContain(`${file}:${line}: version`);
  });

  it('answers a typo and an unreadable file with exit 2 and no stack', async () => {
    const typo = await run(['valdate', 'x.yaml']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Did you mean validate/);
    const missing = await run(['validate', join(dir, 'none.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot be read');
    expect(missing.err).not.toMatch(/\bat \w/);
  });
});
