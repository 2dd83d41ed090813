import { readFileSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPlanCommand } from './plan-command.js';

// `npm run plan` and `kindly plan` run this command (the kindly program's spawning tests cover
// its command line); here its answers, in this process.
const examples = fileURLToPath(new URL('../../examples/cases.ndjson', import.meta.url));

async function plan(input: string, ...args: string[]) {
  const output = new PassThrough();
  const errors = new PassThrough();
  let out = '';
  let stderr = '';
  output.on('data', (chunk: Buffer) => (out += chunk.toString()));
  errors.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await runPlanCommand(args, Readable.from([input]), output, errors);
  return {
    code,
    lines: out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr,
  };
}

describe('the plan command (npm run plan, kindly plan)', () => {
  it('decides every example case', async () => {
    const { code, lines } = await plan(readFileSync(examples, 'utf8'));
    expect(code).toBe(0);
    expect(lines.map((l) => [l['caseId'], l['decision'], l['channel'] ?? null])).toEqual([
      ['friendly-sms-now', 'plan', 'sms'],
      ['friendly-sms-at-night', 'plan', 'sms'],
      ['disputed', 'suppress', 'sms'],
      ['sms-failed-try-email', 'plan', 'email'],
    ]);
    expect(lines[2]?.['reasons']).toEqual(['DISPUTE']);
  });

  it('reports a bad line by case and field, and goes on with the rest', async () => {
    const good = readFileSync(examples, 'utf8').split('\n')[0] ?? '';
    const { code, lines } = await plan(
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

  it('stops at once on a broken policy file, naming it', async () => {
    const { code, stderr } = await plan('', '--policy', examples);
    expect(code).toBe(2);
    expect(stderr).not.toBe('');
  });
});
