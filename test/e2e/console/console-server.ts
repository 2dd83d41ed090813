/**
 * Where the browser opens the console. The operator API serves services/console/dist from `/`
 * when it has it; until every API in use does, a tiny static server serves the build and forwards
 * `/v1` to the API (TEMPORARY: remove once the operator API always hosts the console).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

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

/**
 * The temporary stand-in in front of the API; the API's own origin with
 * KINDLY_CONSOLE_FROM_API=1 (its hosting of the console is still being built).
 */
export async function consoleOrigin(apiUrl: string): Promise<ConsoleOrigin> {
  if (process.env['KINDLY_CONSOLE_FROM_API'] !== '1') return startTemporaryConsoleServer(apiUrl);
  const page = await fetch(`${apiUrl}/`).catch(() => undefined);
  if (page?.ok && (page.headers.get('content-type') ?? '').includes('text/html')) {
    return { url: apiUrl, stop: async () => {} };
  }
  return startTemporaryConsoleServer(apiUrl);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
};

async function startTemporaryConsoleServer(apiUrl: string): Promise<ConsoleOrigin> {
  const api = new URL(apiUrl);
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/v1/') || url === '/v1') {
      const forward = httpRequest(
        { host: api.hostname, port: api.port, path: url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      forward.on('error', () => res.writeHead(502).end());
      req.pipe(forward);
      return;
    }
    const path = normalize(decodeURIComponent(url.split('?')[0] ?? '/')).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(CONSOLE_DIST, path);
    // Client-side routes (/dashboard, /keys, …) are the SPA's index.html.
    const chosen =
      file.startsWith(CONSOLE_DIST) && existsSync(file) && extname(file) !== ''
        ? file
        : join(CONSOLE_DIST, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(chosen)] ?? 'application/octet-stream' });
    res.end(readFileSync(chosen));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
