import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const cases = fileURLToPath(new URL('../../planner/examples/cases.ndjson', import.meta.url));

function kindly(args: string[], input = '') {
  return spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', main, ...args],
    {
      input,
      encoding: 'utf8',
    },
  );
}

describe('the kindly command', () => {
  it('plans cases with the planner', () => {
    const run = kindly(['plan'], readFileSync(cases, 'utf8'));
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
  }, 60_000); // a child process loading TypeScript: seconds on a busy shared machine

  it('counts SMS segments of NDJSON strings', () => {
    const run = kindly(['sms-segments'], `${JSON.stringify('a'.repeat(161))}\n"中文"\n42\n`);
    expect(run.status).toBe(1);
    expect(
      run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as unknown),
    ).toEqual([
      { encoding: 'GSM-7', units: 161, segments: 2, chars: 161 },
      { encoding: 'UCS-2', units: 2, segments: 1, chars: 2 },
      { line: 3, error: 'expected a JSON string, e.g. "Hello"' },
    ]);
  }, 60_000);

  it('renders a template with sample data, and an SMS with its segments', () => {
    const run = kindly([
      'render',
      '--template',
      'reminder-friendly-sms',
      '--locale',
      'zh-CN',
      '--sample',
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^【示例银行】/);
    expect(run.stdout).toMatch(/encoding UCS-2, \d+ units, \d segment/);
  }, 60_000);

  it('renders a letter from a data file to a PDF', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-render-'));
    const data = join(dir, 'data.json');
    const dump = kindly([
      'render',
      '--template',
      'final-notice-letter',
      '--locale',
      'en-US',
      '--sample',
      '--dump-data',
    ]);
    writeFileSync(data, dump.stdout);
    const out = join(dir, 'letter.pdf');
    const run = kindly([
      'render',
      '--template',
      'final-notice-letter',
      '--locale',
      'en-US',
      '--data',
      data,
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  }, 60_000);

  it('names an unknown command and shows the usage', () => {
    const run = kindly(['bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'bogus'");
    expect(run.stderr).toContain('usage: kindly');
  });
});
