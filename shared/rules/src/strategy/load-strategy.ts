import { LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { z } from 'zod';
import { safeErrorText } from '@kindly/errors';
import { checkStrategy } from './check-strategy.js';
import { StrategyError } from './strategy-problem.js';
import type { StrategyProblem } from './strategy-problem.js';
import { Strategy } from './strategy-schema.js';
import { lineOfPath } from '../yaml-lines.js';

/** A strategy read from text, or everything wrong with it. */
export type StrategyParseResult =
  | { readonly ok: true; readonly strategy: Strategy }
  | { readonly ok: false; readonly problems: readonly StrategyProblem[] };

/**
 * Reads a strategy from YAML (JSON is YAML too) and validates it: its shape first, then the
 * rules across fields (`checkStrategy`). Never throws; every problem names its path and, where
 * the place exists in the text, its line.
 */
export function parseStrategy(text: string): StrategyParseResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => ({
        path: [],
        message: error.message.split('\n')[0] ?? error.message,
        ...(error.linePos === undefined ? {} : { line: error.linePos[0].line }),
      })),
    };
  }
  let data: unknown;
  try {
    // Aliases are capped so that a hostile file cannot expand into gigabytes (a "billion laughs").
    data = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    return {
      ok: false,
      problems: [{ path: [], message: `unreadable YAML: ${safeErrorText(error)}` }],
    };
  }
  const result = Strategy.safeParse(data, { error: missingOrDefault });
  if (!result.success) {
    return {
      ok: false,
      problems: result.error.issues.flatMap((issue) =>
        problemsOf(issue).map((problem) => withLine(problem, document, lineCounter)),
      ),
    };
  }
  const problems = checkStrategy(result.data);
  if (problems.length > 0) {
    return {
      ok: false,
      problems: problems.map((problem) => withLine(problem, document, lineCounter)),
    };
  }
  return { ok: true, strategy: result.data };
}

/**
 * Like {@link parseStrategy}, but throws a {@link StrategyError} listing every problem.
 * `source` (a file name) prefixes each line of the message.
 */
export function loadStrategy(text: string, source?: string): Strategy {
  const result = parseStrategy(text);
  if (!result.ok) throw new StrategyError(result.problems, source);
  return result.strategy;
}

/** zod says "expected string, received undefined" for a missing field; operators read "missing". */
function missingOrDefault(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'missing' : undefined;
}

/** An unknown field gets its own path, since a typo is found by its place, not its parent's. */
function problemsOf(issue: z.core.$ZodIssue): StrategyProblem[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...issue.path, key],
      message: `unknown field "${key}"`,
    }));
  }
  return [{ path: issue.path, message: issue.message }];
}

/** The problem with the line of its place in the text, when the place (or a parent) is there. */
function withLine(
  problem: StrategyProblem,
  document: Document,
  lineCounter: LineCounter,
): StrategyProblem {
  const line = lineOfPath(document, lineCounter, problem.path);
  return line === undefined ? problem : { ...problem, line };
}
