/**
 * Where the browser opens the console: the operator API's own origin, which serves
 * services/console/dist from `/` (the console and the API share one origin, so the key never
 * crosses to another). The build is made once when a fresh clone lacks it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');
export const CONSOLE_DIST = join(REPO_ROOT, 'services', 'console', 'dist');

/** Builds the console once when its build is missing (a fresh clone). */
export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIST, 'index.html'))) return;
  execFileSync('npm', ['run', 'console:build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}

export interface ConsoleOrigin {
  readonly url: string;
  stop(): Promise<void>;
}

/** The API's origin, once it answers `/` with the console's page. */
export async function consoleOrigin(apiUrl: string): Promise<ConsoleOrigin> {
  const page = await fetch(`${apiUrl}/`);
  if (!page.ok || !(page.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`the operator API does not serve the console (${page.status} for /)`);
  }
  return { url: apiUrl, stop: async () => {} };
}
