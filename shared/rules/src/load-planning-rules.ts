import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '@kindly/errors';
import type { PlanningRules } from './decide/decide-outreach.js';
import { loadPolicy } from './policy/index.js';
import { createStrategyCatalog, loadStrategy } from './strategy/index.js';
import { officialHolidays, parseOfficialHolidayYear } from './windows/index.js';
import type { OfficialHolidays } from './windows/index.js';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** The policy and strategies shipped with the planner (`policy/`, `strategies/`). */
export const defaultPolicyFile = join(packageRoot, 'policy', 'default-policy.yaml');
export const defaultStrategyDir = join(packageRoot, 'strategies');
/** Official holiday schedules, `<country>/<year>.yaml` (see `holidays/README.md`). */
export const defaultHolidayDir = join(packageRoot, 'holidays');

export interface RuleFiles {
  readonly policyFile?: string;
  /** Strategy files; every `*.yaml` of the default folder when absent. */
  readonly strategyFiles?: readonly string[];
  /** The folder of official holiday schedules; the shipped one when absent. */
  readonly holidayDir?: string;
}

/**
 * Reads every official holiday schedule under `dir` (`cn/2026.yaml`), checked: a mistake stops
 * the process with the file and path at fault.
 */
export function loadOfficialHolidays(dir: string = defaultHolidayDir): OfficialHolidays {
  const years = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((country) =>
      readdirSync(join(dir, country.name))
        .filter((name) => /^\d{4}\.yaml$/.test(name))
        .map((name) => {
          const file = join(dir, country.name, name);
          const year = parseOfficialHolidayYear(readFileSync(file, 'utf8'), file);
          if (year.country.toLowerCase() !== country.name) {
            throw new AppError('HOLIDAY_DATA_INVALID', `${file}: not in its country's folder`, {
              retryable: false,
              details: { file, country: year.country },
            });
          }
          return year;
        }),
    );
  return officialHolidays(years);
}

/** A file's bytes and their SHA-256 (hex): the hash is of what was read, not of a re-encoding. */
function readHashed(file: string): { readonly text: string; readonly sha256: string } {
  const bytes = readFileSync(file);
  return { text: bytes.toString('utf8'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/**
 * Reads and validates the policy, the official holiday schedules and the strategies once, at start:
 * a mistake in any stops the process with the file, line and path at fault, before any customer
 * is contacted. The policy's and each strategy's file is hashed as read (`policySha256`,
 * `strategies.sources`), so that every message can name the exact files it was made from.
 */
export function loadPlanningRules(
  files: RuleFiles = {},
  approved: ApprovedRuleTexts = {},
): PlanningRules {
  const policyFile = approved.policy
    ? hashed(approved.policy)
    : readHashed(files.policyFile ?? defaultPolicyFile);
  const policy = loadPolicy(policyFile.text, {
    officialHolidays: loadOfficialHolidays(files.holidayDir),
  });
  const strategyFiles =
    files.strategyFiles ??
    readdirSync(defaultStrategyDir)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => join(defaultStrategyDir, name));
  const fromFiles = strategyFiles.map((file) => {
    const { text, sha256 } = readHashed(file);
    return { strategy: loadStrategy(text, file), sha256 };
  });
  const fromApproval = (approved.strategies ?? []).map((text) => ({
    strategy: loadStrategy(text, 'an approved version'),
    sha256: hashed(text).sha256,
  }));
  // An approved version replaces the file's strategy of the same id, or adds one.
  const replaced = new Set(fromApproval.map(({ strategy }) => strategy.strategyId));
  const loaded = [
    ...fromFiles.filter(({ strategy }) => !replaced.has(strategy.strategyId)),
    ...fromApproval,
  ];
  const strategies = createStrategyCatalog(
    loaded.map(({ strategy }) => strategy),
    loaded.map(({ strategy, sha256 }) => ({
      strategyId: strategy.strategyId,
      version: strategy.version,
      sha256,
    })),
  );
  return { policy, strategies, policySha256: policyFile.sha256 };
}

/**
 * Versions approved through the operator API (two people: one proposes, another approves), in
 * force over the shipped files: the policy as a whole, each strategy by its id.
 */
export interface ApprovedRuleTexts {
  readonly policy?: string;
  readonly strategies?: readonly string[];
}

function hashed(text: string): { readonly text: string; readonly sha256: string } {
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') };
}
