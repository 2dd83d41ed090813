import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  });

  it('names an unknown command and shows the usage', () => {
    const run = kindly(['bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown command 'bogus'");
    expect(run.stderr).toContain('usage: kindly');
  });
});
