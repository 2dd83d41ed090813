#!/usr/bin/env node
// `npm run plan -- [--policy FILE] [--strategy FILE]… < cases.ndjson` (also `kindly plan`): one
// decision per case, from the same pure code the planner service runs. Format: CASES.md.
import { runPlanCommand } from './plan-command.js';

process.exitCode = await runPlanCommand(
  process.argv.slice(2),
  process.stdin,
  process.stdout,
  process.stderr,
);
