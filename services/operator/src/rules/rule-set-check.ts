/**
 * A proposal checked with everything it will be loaded with: the versions in force with it in
 * its place, loaded as every service loads them at start (the policy, the strategy catalog, the
 * template catalog) and as the renderer then checks them (each strategy's templates exist; every
 * jurisdiction of the policy has a sender profile). A version each part of which is valid alone
 * but that a service would refuse with the rest (two strategies the catalog cannot tell apart, a
 * policy country no sender covers) would otherwise stop that service at its next start: an
 * approval must never be able to do that. Run when proposing and again when approving, since
 * other approvals may have changed the rest in between.
 */
import {
  loadSenderDirectory,
  loadTemplateCatalog,
  sendersFileIn,
  type TemplateCatalog,
} from '@kindly/renderer';
import {
  loadPlanningRules,
  pathText,
  PolicyError,
  StrategyError,
  templateIdsOf,
  type PlanningRules,
} from '@kindly/rules';
import type { RuleProblem } from './rule-text.js';

export interface RuleTexts {
  readonly policy?: string;
  readonly strategies: readonly string[];
  readonly templates: ReadonlyMap<string, string>;
}

/** The problems a service would meet loading `texts` at start; none: every service starts. */
export function problemsOfRuleSet(texts: RuleTexts, fallbackSender?: string): RuleProblem[] {
  let rules: PlanningRules;
  let catalog: TemplateCatalog;
  try {
    rules = loadPlanningRules({}, texts);
    catalog = loadTemplateCatalog(undefined, texts.templates);
  } catch (error) {
    return problemsOf(error);
  }
  const templateIds = new Set(catalog.templates.map((t) => t.templateId));
  const problems: RuleProblem[] = [];
  for (const strategy of rules.strategies.strategies) {
    for (const id of templateIdsOf(strategy).filter((t) => !templateIds.has(t))) {
      problems.push({
        path: '',
        message: `strategy ${strategy.strategyId} uses template ${id}, which no locale has: propose it first`,
      });
    }
  }
  const senders = loadSenderDirectory(sendersFileIn(catalog.dir), fallbackSender);
  const jurisdictions = [...rules.policy.jurisdictions.keys()].filter((j) => j !== 'default');
  for (const { tenantId, country } of senders.uncovered(jurisdictions)) {
    problems.push({
      path: '',
      message: `tenant ${tenantId} has no sender profile for ${country}, which the policy covers: add one to templates/senders.yaml first`,
    });
  }
  return problems;
}

function problemsOf(error: unknown): RuleProblem[] {
  if (error instanceof PolicyError) {
    return error.issues.map((issue) => ({
      path: /^line \d+$/.test(issue.path) ? '' : issue.path,
      ...(issue.line !== undefined ? { line: issue.line } : {}),
      message: issue.message,
    }));
  }
  if (error instanceof StrategyError) {
    return error.problems.map((problem) => ({
      path: pathText(problem.path),
      message: problem.message,
    }));
  }
  const lines = (error as { problems?: unknown }).problems;
  if (Array.isArray(lines)) {
    return lines.map((line) => ({ path: '', message: String(line).split('\n')[0] ?? '' }));
  }
  throw error;
}

/**
 * The approved texts in force (`rules-in-force`'s documents), with `text` in the place of
 * `ruleId`: what every service would load once it is approved. A document without a `kind` is
 * no rule (the approvals' revision) and is left out.
 */
export function ruleTextsWith(
  approved: readonly { readonly _id: string; readonly kind?: string; readonly text?: string }[],
  change?: { readonly ruleId: string; readonly text: string },
): RuleTexts {
  const texts = new Map(
    approved.flatMap((doc) =>
      doc.kind !== undefined && doc.text !== undefined ? [[doc._id, doc.text] as const] : [],
    ),
  );
  if (change) texts.set(change.ruleId, change.text);
  const of = (prefix: string) => [...texts].filter(([id]) => id.startsWith(prefix));
  const policy = texts.get('policy');
  return {
    ...(policy !== undefined ? { policy } : {}),
    strategies: of('strategy:').map(([, text]) => text),
    templates: new Map(of('template:').map(([id, text]) => [id.slice('template:'.length), text])),
  };
}
