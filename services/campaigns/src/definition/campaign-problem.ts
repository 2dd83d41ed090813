/** One thing wrong with a campaign file, at one place in it. */
export interface CampaignProblem {
  /** Where, as keys and indexes from the top, e.g. `['offers', 0, 'instalments', 'max']`. */
  readonly path: readonly PropertyKey[];
  /** What was expected there, or what is wrong. */
  readonly message: string;
  /** The 1-based line in the source text, when the place exists in it. */
  readonly line?: number;
}

/** A path as an operator reads it: `offers[0].instalments.max`; empty for the whole file. */
export function campaignPathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

/** A problem as one line: `spring.yaml:42: offers[0].instalments.max: expected …`. */
export function campaignProblemText(problem: CampaignProblem, file?: string): string {
  const where =
    file === undefined
      ? problem.line === undefined
        ? ''
        : `line ${problem.line}: `
      : problem.line === undefined
        ? `${file}: `
        : `${file}:${problem.line}: `;
  const path = campaignPathText(problem.path);
  return `${where}${path === '' ? '' : `${path}: `}${problem.message}`;
}

/** One problem per value listed twice, at its second place. */
export function duplicates(
  values: readonly (string | number)[],
  path: readonly PropertyKey[],
  what: string,
): CampaignProblem[] {
  return values.flatMap((value, index) =>
    values.indexOf(value) === index
      ? []
      : [{ path: [...path, index], message: `${what} ${String(value)} is listed twice` }],
  );
}
