/**
 * A proposed rule text, checked as a service would load it: the policy against the official
 * holiday schedules, a strategy on its own. A text that fails says where (path and, where the
 * place exists in the text, line), never echoing the text back.
 */
import { createHash } from 'node:crypto';
import {
  loadOfficialHolidays,
  loadPolicy,
  loadStrategy,
  PolicyError,
  StrategyError,
  pathText,
} from '@kindly/rules';
import type { RuleKind } from '@kindly/mongo';

export interface RuleProblem {
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

export type CheckedRule =
  | {
      readonly ok: true;
      readonly kind: RuleKind;
      /** `policy`, or `strategy:<id>`: which rule in force it would replace. */
      readonly ruleId: string;
      readonly version: number;
      readonly sha256: string;
    }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

export function checkRuleText(kind: RuleKind, text: string): CheckedRule {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  try {
    if (kind === 'policy') {
      const policy = loadPolicy(text, { officialHolidays: loadOfficialHolidays() });
      return { ok: true, kind, ruleId: 'policy', version: policy.version, sha256 };
    }
    const strategy = loadStrategy(text);
    return {
      ok: true,
      kind,
      ruleId: `strategy:${strategy.strategyId}`,
      version: strategy.version,
      sha256,
    };
  } catch (error) {
    if (error instanceof PolicyError) {
      return {
        ok: false,
        problems: error.issues.map((issue) => ({
          ...lineOf(issue.path),
          message: issue.message,
        })),
      };
    }
    if (error instanceof StrategyError) {
      return {
        ok: false,
        problems: error.problems.map((problem) => ({
          path: pathText(problem.path),
          ...(problem.line !== undefined ? { line: problem.line } : {}),
          message: problem.message,
        })),
      };
    }
    throw error;
  }
}

/** The YAML parser's problems carry `line N` as their path: a line, not a path. */
function lineOf(path: string): { path: string; line?: number } {
  const match = /^line (\d+)$/.exec(path);
  return match ? { path: '', line: Number(match[1]) } : { path };
}
