import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration } from 'luxon';
import type { PlanningRules } from './decide/decide-outreach.js';
import { loadPolicy } from './policy/index.js';
import { createStrategyCatalog, loadStrategy } from './strategy/index.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The policy and strategies shipped with the planner (`policy/`, `strategies/`). */
export const defaultPolicyFile = join(packageRoot, 'policy', 'default-policy.yaml');
export const defaultStrategyDir = join(packageRoot, 'strategies');

export interface RuleFiles {
  readonly policyFile?: string;
  /** Strategy files; every `*.yaml` of the default folder when absent. */
  readonly strategyFiles?: readonly string[];
}

/**
 * Reads and validates the policy and the strategies once, at start: a mistake in either stops the
 * process with the file, line and path at fault, before any customer is contacted.
 */
export function loadPlanningRules(files: RuleFiles = {}): PlanningRules {
  const policy = loadPolicy(readFileSync(files.policyFile ?? defaultPolicyFile, 'utf8'));
  const strategyFiles =
    files.strategyFiles ??
    readdirSync(defaultStrategyDir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(defaultStrategyDir, name));
  const strategies = createStrategyCatalog(
    strategyFiles.map((file) => loadStrategy(readFileSync(file, 'utf8'), file)),
  );
  return {
    policy,
    strategies,
    horizon: Duration.fromObject({ days: 8 }),
    minimumDuration: Duration.fromObject({ minutes: 5 }),
  };
}
