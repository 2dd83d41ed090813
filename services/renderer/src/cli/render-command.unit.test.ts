import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runRenderCommand } from './render-command.js';

// Loading the template catalog and its renderer: seconds on a busy shared machine.
const LOADING = 60_000;

describe('kindly render --out', () => {
  it(
    'refuses a folder that is not there with 2, before rendering',
    async () => {
      const missing = join(mkdtempSync(join(tmpdir(), 'kindly-render-')), 'none', 'x.json');
      const output = new PassThrough();
      const errors = new PassThrough();
      let err = '';
      errors.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await runRenderCommand(
        ['--template', 'reminder-friendly-sms', '--locale', 'en-US', '--sample', '--out', missing],
        output,
        errors,
      );
      expect(code, err).toBe(2);
      expect(err).toBe('the folder of --out does not exist\n');
    },
    LOADING,
  );
});
