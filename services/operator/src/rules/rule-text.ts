/**
 * A proposed rule text, checked as a service would load it: the policy against the official
 * holiday schedules, a strategy on its own, a template compiled with every other template of the
 * catalog (its partials, layouts, helpers and declared fields) and rendered once with sample
 * facts. A text that fails says where (path and, where the place exists in the text, line),
 * never echoing the text back.
 */
import { createHash } from 'node:crypto';
import {
  loadOfficialHolidays,
  loadPolicy,
  loadStrategy,
  PolicyError,
  StrategyError,
  pathText,
  type ApprovedRuleTexts,
} from '@kindly/rules';
import type { RuleKind } from '@kindly/mongo';
import { checkTemplateText } from './template-text.js';

export interface RuleProblem {
  readonly path: string;
  readonly line?: number;
  readonly message: string;
}

export type CheckedRule =
  | {
      readonly ok: true;
      readonly kind: RuleKind;
      /** `policy`, `strategy:<id>` or `template:<channel>/<id>/<locale>`: what it would replace. */
      readonly ruleId: string;
      /** The text's own version, as written. */
      readonly version: string;
      readonly sha256: string;
    }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

/**
 * @param template for a template, which one (`<channel>/<template id>/<locale>`): its text does
 *   not name itself, its place in the catalog does.
 * @param approved the approved texts in force: a template's sample render takes its strategies.
 * The text alone: `problemsOfRuleSet` checks it with the rest of what is in force.
 */
export async function checkRuleText(
  kind: RuleKind,
  text: string,
  template?: string,
  approved: ApprovedRuleTexts = {},
): Promise<CheckedRule> {
  const sha256 = createHash('sha256').update(text, 'utf8').digest('hex');
  try {
    if (kind === 'template') {
      if (template === undefined) {
        return { ok: false, problems: [{ path: 'template', message: 'missing' }] };
      }
      const checked = await checkTemplateText(template, text, approved);
      if (!checked.ok) return { ok: false, problems: checked.problems };
      return { ok: true, kind, ruleId: `template:${template}`, version: checked.version, sha256 };
    }
    if (kind === 'policy') {
      const policy = loadPolicy(text, { officialHolidays: loadOfficialHolidays() });
      return { ok: true, kind, ruleId: 'policy', version: String(policy.version), sha256 };
    }
    const strategy = loadStrategy(text);
    return {
      ok: true,
      kind,
      ruleId: `strategy:${strategy.strategyId}`,
      version: String(strategy.version),
      sha256,
    };
  } catch (error) {
    if (error instanceof PolicyError) {
      return {
        ok: false,
        problems: error.issues.map((issue) => ({
          ...lineOf(issue.path),
          ...(issue.line !== undefined ? { line: issue.line } : {}),
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
