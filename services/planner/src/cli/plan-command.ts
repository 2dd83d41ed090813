import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadPlanningRules } from '@kindly/rules';
import { planCaseLine } from './plan-case.js';

/**
 * `plan [--policy FILE] [--strategy FILE]…`: reads NDJSON cases from `input`, writes one decision
 * per line to `output`. Returns the exit code: 0, 1 when a line was bad (it is reported and the
 * rest go on), 2 when the options, the policy or a strategy are wrong.
 */
export async function runPlanCommand(
  args: readonly string[],
  input: Readable,
  output: Writable,
  errors: Writable,
): Promise<number> {
  let rules;
  try {
    const { values } = parseArgs({
      args: [...args],
      options: { policy: { type: 'string' }, strategy: { type: 'string', multiple: true } },
    });
    rules = loadPlanningRules({
      ...(values.policy ? { policyFile: values.policy } : {}),
      ...(values.strategy ? { strategyFiles: values.strategy } : {}),
    });
  } catch (error) {
    errors.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  let failed = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const result = planCaseLine(rules, line);
    if ('error' in result) failed++;
    output.write(`${JSON.stringify(result)}\n`);
  }
  return failed > 0 ? 1 : 0;
}
