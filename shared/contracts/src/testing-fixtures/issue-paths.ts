import type { z } from 'zod';
import { summarizeIssues } from '../issues.js';

/**
 * The paths a schema rejects an input at, each once, in order, e.g. `['payload.phones[0].number']`;
 * empty when the input is valid. For tests: asserting the path shows that the right rule failed, not just some.
 */
export function issuePathsOf(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return [...new Set(summarizeIssues(result.error).map((issue) => issue.path))];
}
