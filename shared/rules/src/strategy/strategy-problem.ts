import { AppError } from '@kindly/errors';

/** One thing wrong with a strategy, at one place in it. */
export interface StrategyProblem {
  /** Where, as keys and indexes from the top, e.g. `['stages', 1, 'channels', 0, 'templateId']`. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** The line in the source text, when the strategy was loaded from text and the place exists. */
  readonly line?: number;
}

/** A path as an operator reads it: `stages[1].channels[0].templateId`; empty for the whole. */
export function pathText(path: readonly PropertyKey[]): string {
  const text = path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
  return text;
}

/** A problem as one line: `default.yaml:42 stages[1].name: expected …`. */
export function problemText(problem: StrategyProblem, source?: string): string {
  const where =
    source === undefined
      ? ''
      : problem.line === undefined
        ? `${source}: `
        : `${source}:${problem.line}: `;
  const path = pathText(problem.path);
  return `${where}${path === '' ? '' : `${path}: `}${problem.message}`;
}

/**
 * Thrown when a strategy, or a set of strategies, cannot be used. The message lists every
 * problem, so that one attempt shows the operator everything to fix. Not retryable: the same
 * text fails the same way.
 */
export class StrategyError extends AppError<'INVALID_STRATEGY'> {
  readonly problems: readonly StrategyProblem[];
  readonly source: string | undefined;

  constructor(problems: readonly StrategyProblem[], source?: string) {
    const lines = problems.map((problem) => `  - ${problemText(problem, source)}`);
    super(
      'INVALID_STRATEGY',
      `invalid strategy${source === undefined ? '' : ` ${source}`}:\n${lines.join('\n')}`,
      {
        details: { problems: problems.length, ...(source === undefined ? {} : { source }) },
      },
    );
    this.name = 'StrategyError';
    this.problems = problems;
    this.source = source;
  }
}
