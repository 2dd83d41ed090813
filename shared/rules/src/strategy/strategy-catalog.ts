import { CreditProduct } from '@kindly/contracts';
import type { StrategyProblem } from './strategy-problem.js';
import { StrategyError } from './strategy-problem.js';
import { StrategyKind } from './strategy-schema.js';
import type { AppliesTo, Strategy } from './strategy-schema.js';

/** Where a loaded strategy came from: the SHA-256 (hex) of its file's bytes, for the audit. */
export interface StrategySource {
  readonly strategyId: string;
  readonly version: number;
  readonly sha256: string;
}

/** The strategies in force, checked as a set: no account has two equally good matches. */
export interface StrategyCatalog {
  readonly strategies: readonly Strategy[];
  /**
   * One per strategy read from a file (`loadPlanningRules`); none for strategies made in code
   * (tests), which have no file whose hash could be claimed.
   */
  readonly sources?: readonly StrategySource[];
}

/**
 * The SHA-256 of the file a strategy was read from, if this catalog read it: matched on id and
 * version both, so a hash is never claimed for a strategy other than the one that planned.
 */
export function strategyHashOf(
  catalog: StrategyCatalog,
  strategyId: string,
  version: number,
): string | undefined {
  return catalog.sources?.find((s) => s.strategyId === strategyId && s.version === version)?.sha256;
}

/**
 * How specific a strategy's match is: 0 for the default, one point for each of product and
 * segment it narrows by. Product and segment count the same, so a product-only and a
 * segment-only strategy that both match an account are a tie (an error at load) unless a
 * strategy naming both covers that account, rather than a choice made by a rule nobody
 * remembers.
 */
export function specificityOf(appliesTo: AppliesTo): number {
  if (appliesTo.default === true) return 0;
  return (appliesTo.products === undefined ? 0 : 1) + (appliesTo.segments === undefined ? 0 : 1);
}

/** True when the strategy is for this product and segment (the default matches everything). */
export function strategyMatches(
  strategy: Strategy,
  product: CreditProduct,
  segment: string | undefined,
): boolean {
  const { products, segments } = strategy.appliesTo;
  if (products !== undefined && !products.includes(product)) return false;
  if (segments === undefined) return true;
  return segment !== undefined && segments.includes(segment);
}

/**
 * Checks a set of loaded strategies and makes them selectable, with their files' hashes if given. Refused, listing every problem:
 * the same strategy id twice; no default collections strategy (some account would have no
 * flow); a tie, two strategies of one kind equally specific for some account. Campaigns are
 * chosen by the campaign that names them, so they need no default.
 *
 * Ties are found by trying every product with every segment any strategy names, plus "any
 * other segment, or none": strategies tell segments apart only by the ones they name, so these
 * stand for every account there can be.
 */
export function createStrategyCatalog(
  strategies: readonly Strategy[],
  sources?: readonly StrategySource[],
): StrategyCatalog {
  const problems: StrategyProblem[] = [];
  strategies.forEach((strategy, index) => {
    const earlier = strategies.findIndex((other) => other.strategyId === strategy.strategyId);
    if (earlier < index) {
      problems.push({
        path: [index],
        message: `strategy "${strategy.strategyId}" is loaded twice; load one version of each`,
      });
    }
  });
  const segments = new Set(strategies.flatMap((strategy) => strategy.appliesTo.segments ?? []));
  const reported = new Set<string>();
  for (const kind of StrategyKind.options) {
    const ofKind = strategies.filter((strategy) => strategy.kind === kind);
    for (const product of CreditProduct.options) {
      for (const segment of [...segments, undefined]) {
        const tie = tiedBest(ofKind, product, segment);
        const key = tie.map((strategy) => strategy.strategyId).join(' and ');
        if (tie.length < 2 || reported.has(key)) continue;
        reported.add(key);
        problems.push({
          path: [],
          message: `tie: ${tie.map((s) => `"${s.strategyId}"`).join(' and ')} are equally specific for product ${product}, ${segment === undefined ? 'any other segment' : `segment ${segment}`}; narrow one, or add a strategy naming both`,
        });
      }
    }
  }
  if (!strategies.some((s) => s.kind === 'collections' && s.appliesTo.default === true)) {
    problems.push({
      path: [],
      message:
        'no default collections strategy: accounts that match no other would get no reminders',
    });
  }
  if (problems.length > 0) throw new StrategyError(problems, 'catalog');
  return { strategies: [...strategies], ...(sources ? { sources: [...sources] } : {}) };
}

/** The matching strategies of the highest specificity: one when all is well. */
export function tiedBest(
  strategies: readonly Strategy[],
  product: CreditProduct,
  segment: string | undefined,
): Strategy[] {
  let best: Strategy[] = [];
  let bestScore = -1;
  for (const strategy of strategies) {
    if (!strategyMatches(strategy, product, segment)) continue;
    const score = specificityOf(strategy.appliesTo);
    if (score > bestScore) {
      best = [strategy];
      bestScore = score;
    } else if (score === bestScore) {
      best.push(strategy);
    }
  }
  return best;
}
