import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const main = fileURLToPath(new URL('./plan-main.ts', import.meta.url));
const examples = fileURLToPath(new URL('../../examples/cases.ndjson', import.meta.url));

function plan(input: string, ...args: string[]) {
  const run = spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', main, ...args],
    {
      input,
      encoding: 'utf8',
    },
  );
  return {
    code: run.status,
    lines: run.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr: run.stderr,
  };
}

describe('npm run plan', () => {
  it('decides every example case', () => {
    const { code, lines } = plan(readFileSync(examples, 'utf8'));
    expect(code).toBe(0);
    expect(lines.map((l) => [l['caseId'], l['decision'], l['channel'] ?? null])).toEqual([
      ['friendly-sms-now', 'plan', 'sms'],
      ['friendly-sms-at-night', 'plan', 'sms'],
      ['disputed', 'suppress', 'sms'],
      ['sms-failed-try-email', 'plan', 'email'],
    ]);
    expect(lines[2]?.['reasons']).toEqual(['DISPUTE']);
  });

  it('reports a bad line by case and field, and goes on with the rest', () => {
    const good = readFileSync(examples, 'utf8').split('\n')[0] ?? '';
    const { code, lines } = plan(
      [
        '{not json',
        JSON.stringify({ caseId: 'bad-now', now: 'yesterday', accountId: 'a', events: [] }),
        good,
      ].join('\n'),
    );
    expect(code).toBe(1);
    expect(lines[0]).toEqual({
      line: 1,
      column: 2,
      caseId: null,
      error: 'not JSON: an unexpected character',
    });
    expect(lines[1]).toMatchObject({
      line: 2,
      caseId: 'bad-now',
      error: expect.stringMatching(/^now: /) as unknown,
    });
    expect(lines[2]).toMatchObject({ caseId: 'friendly-sms-now', decision: 'plan' });
  });

  it('stops at once on a broken policy file, naming it', () => {
    const { code, stderr } = plan('', '--policy', examples);
    expect(code).toBe(2);
    expect(stderr).not.toBe('');
  });
});
