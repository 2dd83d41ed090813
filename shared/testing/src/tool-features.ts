import { spawnSync } from 'node:child_process';
import { it } from 'vitest';

/** Whether a command-line tool the tests drive is on the PATH (e.g. pdftotext from poppler-utils). */
export function toolPresent(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/**
 * `it` for a test that reads its result with a system tool (`pdftotext`): skipped, visibly and
 * with the reason in its name, where the tool is missing, so that `npm run test:unit` needs
 * nothing beyond npm. Never skipped in CI (`CI` set), where `npm test` installs the tool first
 * (infra/local/ensure-tools.sh): there a missing tool fails the test instead of hiding it.
 */
export function itWhenToolPresent(tool: string) {
  const skip = !toolPresentOrCi(tool);
  return (name: string, fn: () => Promise<void> | void, timeout?: number) =>
    it.skipIf(skip)(`${name} [needs ${tool}]`, fn, timeout);
}

/** Whether a test that needs `tool` runs: where it is present, and always in CI (see above). */
export function toolPresentOrCi(tool: string): boolean {
  return Boolean(process.env['CI']) || toolPresent(tool);
}
