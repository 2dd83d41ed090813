import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { defaultPolicyFile, loadPlanningRules } from '@kindly/rules';
import { planCaseLine } from './plan-case.js';
import { ruleFileErrorLines } from './rule-file-errors.js';

const USAGE = `usage: kindly plan [--policy FILE] [--strategy FILE]… < cases.ndjson
  (the format of a case, a decision and an error: services/planner/CASES.md)
`;

/**
 * `plan [--policy FILE] [--strategy FILE]…`: reads NDJSON cases from `input`, writes one decision
 * per line to `output`. Returns the exit code: 0, 1 when a line was bad (it is reported with its
 * line number and the rest go on), 2 when the options, the policy or a strategy are wrong (each
 * problem on `errors` as `FILE:LINE: path: what is wrong`).
 */
export async function runPlanCommand(
  args: readonly string[],
  input: Readable,
  output: Writable,
  errors: Writable,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { policy: { type: 'string' }, strategy: { type: 'string', multiple: true } },
    }));
  } catch (error) {
    errors.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  let rules;
  try {
    rules = loadPlanningRules({
      ...(values.policy ? { policyFile: values.policy } : {}),
      ...(values.strategy ? { strategyFiles: values.strategy } : {}),
    });
  } catch (error) {
    const lines = ruleFileErrorLines(error, values.policy ?? defaultPolicyFile);
    errors.write(`${lines.join('\n')}\n`);
    return 2;
  }
  let failed = 0;
  let lineNumber = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    // Blank lines are skipped but counted, so that a number is the one an editor shows.
    lineNumber++;
    if (line.trim() === '') continue;
    const result = planCaseLine(rules, line, lineNumber);
    if ('error' in result) failed++;
    output.write(`${JSON.stringify(result)}\n`);
  }
  return failed > 0 ? 1 : 0;
}
