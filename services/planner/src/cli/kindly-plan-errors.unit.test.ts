import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The real command line, as an operator meets it: `kindly plan`.
const kindlyMain = fileURLToPath(new URL('../../../kindly/src/main.ts', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/cases.ndjson', import.meta.url));
const shippedPolicy = fileURLToPath(
  new URL('../../../../shared/rules/policy/default-policy.yaml', import.meta.url),
);

function kindly(args: string[], input = '') {
  return spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', kindlyMain, ...args],
    { input, encoding: 'utf8' },
  );
}

/** A Node stack trace's frame: what an operator's mistake must never get. */
const STACK_FRAME = /^\s+at /m;

describe('kindly plan, given mistakes', () => {
  it('names the line of a line that is not JSON and the field path of a bad event', () => {
    const good = readFileSync(examples, 'utf8').split('\n')[0] ?? '';
    const badField = good.replace('"daysPastDue":3', '"daysPastDue":"3"');
    expect(badField).not.toBe(good);
    // Line 2 is blank: it is counted, so that the numbers are an editor's.
    const run = kindly(['plan'], [good, '', '{not json', badField].join('\n'));
    expect(run.status).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines[0]).toMatchObject({ caseId: 'friendly-sms-now', decision: 'plan' });
    expect(lines[1]).toEqual({
      line: 3,
      column: 2,
      caseId: null,
      error: 'not JSON: an unexpected character',
    });
    expect(lines[2]).toEqual({
      line: 4,
      caseId: 'friendly-sms-now',
      error: 'events[0].payload.daysPastDue: expected a number, found a string',
    });
    expect(run.stderr).not.toMatch(STACK_FRAME);
  }, 60_000); // a child process loading TypeScript: seconds on a busy shared machine

  it('names the file, line and path of a mistake in a --policy file, and stops with 2', () => {
    const shipped = readFileSync(shippedPolicy, 'utf8').split('\n');
    const at = shipped.findIndex((line) => /start: '\d\d:\d\d'/.test(line));
    expect(at).toBeGreaterThan(0);
    const bad = [...shipped];
    bad[at] = (bad[at] ?? '').replace(/start: '\d\d:\d\d'/, "start: '8 am'");
    const file = join(mkdtempSync(join(tmpdir(), 'kindly-plan-')), 'bad.yaml');
    writeFileSync(file, bad.join('\n'));
    const run = kindly(['plan', '--policy', file]);
    expect(run.status).toBe(2);
    const [first = ''] = run.stderr.split('\n');
    expect(first.startsWith(`${file}:${at + 1}: jurisdictions.`)).toBe(true);
    expect(first).toContain('.contact.hours[0].start: ');
    expect(run.stderr).not.toMatch(STACK_FRAME);
  }, 60_000);
});
