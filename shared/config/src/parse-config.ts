import type { z } from 'zod';

/**
 * Thrown when the environment does not satisfy a service's settings schema. The message lists
 * every bad or missing setting by name, so that one start attempt shows everything to fix.
 */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

/** Parses `env` once, at start, against a schema whose keys are the variables' names. */
export function parseConfig<Schema extends z.ZodObject>(
  schema: Schema,
  env: Env = process.env,
): z.infer<Schema> {
  // Empty strings count as unset: `FOO= service` should fall back to the default, not fail oddly.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(root)';
      const missing = present[String(issue.path[0])] === undefined;
      return `${name}: ${missing ? 'missing' : issue.message}`;
    }),
  );
}
