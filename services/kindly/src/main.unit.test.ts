import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const cases = fileURLToPath(new URL('../../planner/examples/cases.ndjson', import.meta.url));

function kindly(args: string[], input = '', env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', main, ...args],
    { input, encoding: 'utf8', env },
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

  it('answers a typo with a suggestion and exit code 2, never a stack trace', () => {
    const command = kindly(['plna']);
    expect(command.status).toBe(2);
    expect(command.stderr).toContain("unknown command 'plna'");
    expect(command.stderr).toContain('(Did you mean plan?)');
    const option = kindly(['demo', '--acounts', '5']);
    expect(option.status).toBe(2);
    expect(option.stderr).toContain("unknown option '--acounts'");
    expect(option.stderr).toContain('(Did you mean --accounts?)');
    for (const run of [command, option]) {
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.stderr).not.toContain('ERR_PARSE_ARGS');
    }
  }, 60_000);

  it('checks option values before anything else, naming what it expected', () => {
    // Even with Kafka and MongoDB unset: the mistake is the value, not the environment.
    for (const value of ['abc', '0']) {
      const run = kindly(['demo', '--accounts', value]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('expected a whole number of at least 1');
      expect(run.stderr).not.toContain('KAFKA_BROKERS');
    }
    const run = kindly(['run', 'everything']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Allowed choices are all');
  }, 60_000);

  it('ends run all with exit code 78 when a setting is missing, not 0', () => {
    const { KAFKA_BROKERS: _kafka, MONGODB_URI: _mongo, ...env } = process.env;
    const secrets = join(mkdtempSync(join(tmpdir(), 'kindly-run-')), 'local-secrets.json');
    const run = kindly(['run', 'all'], '', { ...env, KINDLY_LOCAL_SECRETS_FILE: secrets });
    expect(run.stderr).toContain('KAFKA_BROKERS');
    expect(run.status).toBe(78);
  }, 60_000);

  it('tells its version, its exit codes, and completes commands and options for the shell', () => {
    const version = kindly(['--version']);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = kindly(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Exit codes: 0 done; 1 done, with findings');
    expect(help.stdout).toMatch(/^\s+campaign /m);
    const script = kindly(['complete', 'bash']);
    expect(script.status).toBe(0);
    expect(script.stdout).toContain('complete -F');
    const options = kindly(['complete', '--', 'demo', '--ac']);
    expect(options.stdout).toContain('--accounts');
  }, 60_000);
});
