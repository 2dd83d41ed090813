import { existsSync, readFileSync } from 'node:fs';

type Env = Readonly<Record<string, string | undefined>>;

/** The example settings for a local try: their secrets are made up and known to everyone. */
const EXAMPLE_FILE = new URL('../../../../infra/local/kindly.env.example', import.meta.url);

/** `NAME=value` lines of an env file (comments and blank lines left out). */
export function exampleValues(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) values.set(match[1]!, match[2]!);
  }
  return values;
}

function shippedExample(): Map<string, string> {
  // Absent where kindly runs without the repository: nothing to compare with.
  return existsSync(EXAMPLE_FILE)
    ? exampleValues(readFileSync(EXAMPLE_FILE, 'utf8'))
    : new Map<string, string>();
}

/**
 * The names (never the values) of the secrets in `env` that anyone could know: the example
 * file's own value, or one that says `change-me`.
 */
export function knownSecrets(
  env: Env,
  isSecret: (name: string) => boolean,
  example: ReadonlyMap<string, string> = shippedExample(),
): string[] {
  return Object.entries(env)
    .filter(([name, value]) => isSecret(name) && value !== undefined && value !== '')
    .filter(
      ([name, value]) => value!.toLowerCase().includes('change-me') || example.get(name) === value,
    )
    .map(([name]) => name)
    .sort();
}
