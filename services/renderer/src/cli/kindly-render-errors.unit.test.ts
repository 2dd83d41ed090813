import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real command line, as an operator meets it: `kindly render`.
const kindlyMain = fileURLToPath(new URL('../../../kindly/src/main.ts', import.meta.url));

function kindly(args: string[]) {
  return spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', kindlyMain, ...args],
    { encoding: 'utf8' },
  );
}

/** A Node stack trace's frame: what an operator's mistake must never get. */
const STACK_FRAME = /^\s+at /m;

describe('kindly render, given a template it does not have', () => {
  it('suggests the nearest template id for a typo, with exit 2 and no stack trace', () => {
    const run = kindly([
      'render',
      '--template',
      'reminder-frendly-sms',
      '--locale',
      'en-US',
      '--sample',
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'unknown template "reminder-frendly-sms"; did you mean reminder-friendly-sms? (kindly render --list shows all)\n',
    );
  }, 60_000); // a child process loading TypeScript: seconds on a busy shared machine

  it('lists the templates of the locale for a name near none', () => {
    const run = kindly(['render', '--template', 'nope', '--locale', 'zh-CN', '--sample']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^unknown template "nope"; zh-CN has .*\breminder-friendly-sms\b/);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);

  it('lists every template with its channel and locales', () => {
    const run = kindly(['render', '--list']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^reminder-friendly-sms +sms +en-GB en-US zh-CN$/m);
  }, 60_000);
});
