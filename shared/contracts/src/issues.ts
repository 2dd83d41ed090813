import type { z } from 'zod';

/** One thing wrong with an input, at one field. */
export interface IssueSummary {
  /** Where, e.g. `payload.phones[0].number`; empty for the input as a whole. */
  readonly path: string;
  /** zod's issue code, e.g. `invalid_type`, `unrecognized_keys`, `custom`. */
  readonly code: string;
  readonly message: string;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((key, index) =>
      typeof key === 'number' ? `[${key}]` : `${index === 0 ? '' : '.'}${String(key)}`,
    )
    .join('');
}

/**
 * The issues of a failed parse, one per field, for dead-letter records and test assertions. An
 * unknown field gets its own path (zod reports them all on the object that holds them). zod's
 * messages name what was expected, never the value received, so these carry no personal data.
 */
export function summarizeIssues(error: z.ZodError): IssueSummary[] {
  return error.issues.flatMap((issue): IssueSummary[] =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          path: pathText([...issue.path, key]),
          code: issue.code,
          message: `unknown field "${key}"`,
        }))
      : [{ path: pathText(issue.path), code: issue.code, message: issue.message }],
  );
}
