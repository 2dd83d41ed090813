import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAuditCommand } from './audit-command.js';

// The command loads its code when it runs: seconds on a busy shared machine.
const LOADING = 60_000;

async function audit(argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  // Nothing listens on port 2: a run that got as far as MongoDB would fail there, not with 2.
  const env = { MONGODB_URI: 'mongodb://127.0.0.1:2/' };
  const code = await runAuditCommand(argv, { stdout, stderr, env });
  return { code, err };
}

describe('kindly audit --out', () => {
  it(
    'refuses an --out in a missing folder with 2 before the run, for violations and anchors-export',
    async () => {
      const missing = join(mkdtempSync(join(tmpdir(), 'kindly-audit-')), 'none', 'x.json');
      for (const argv of [
        ['violations', '--format', 'json', '--out', missing],
        ['anchors-export', '--out', missing],
      ]) {
        const { code, err } = await audit(argv);
        expect(code, err).toBe(2);
        expect(err).toBe('kindly audit: the folder of --out does not exist\n');
      }
    },
    LOADING,
  );
});
