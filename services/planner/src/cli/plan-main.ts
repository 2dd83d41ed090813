#!/usr/bin/env node
// `npm run plan -- [--policy FILE] [--strategy FILE]… < cases.ndjson`: one decision per case, as
// NDJSON on standard output, from the same pure code the planner service runs. No Kafka, no
// database: anyone can check what the policy would do. Format: services/planner/CASES.md.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadPlanningRules } from '../rules/load-planning-rules.js';
import { planCaseLine } from './plan-case.js';

const { values } = parseArgs({
  options: {
    policy: { type: 'string' },
    strategy: { type: 'string', multiple: true },
  },
});

let rules;
try {
  rules = loadPlanningRules({
    ...(values.policy ? { policyFile: values.policy } : {}),
    ...(values.strategy ? { strategyFiles: values.strategy } : {}),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}

let failed = 0;
for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  const result = planCaseLine(rules, line);
  if ('error' in result) failed++;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
// Bad lines are reported in the output and do not stop the rest; the exit code still says so.
process.exitCode = failed > 0 ? 1 : 0;
