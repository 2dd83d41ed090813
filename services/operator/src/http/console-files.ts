/**
 * The web console's files (services/console/dist, built by `npm run console:build`), served by
 * the API from `/`, so that the console and the API share one origin and the key never crosses
 * to another. Open: the files are the same for everyone and hold no data; the data comes from
 * the API, which asks for a key. Any other GET outside `/v1/` is the console's own page (its
 * client-side routes). Strict headers: nothing from other origins, no framing.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { OperatorApp } from './operator-api.js';

const HEADERS = {
  // antd styles its components inline, and so does ECharts' SVG.
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** How to make the console's build, for a start that finds none to serve. */
export const CONSOLE_BUILD_COMMAND = 'npm run console:build';

/** Whether the console's build is in `dir`: the API serves it only then. */
export function consoleBuilt(dir: string): boolean {
  return existsSync(join(dir, 'index.html'));
}

/** Serves the console when its build is there; says whether it is. */
export async function serveConsole(app: OperatorApp, dir: string): Promise<boolean> {
  if (!consoleBuilt(dir)) return false;
  // In a scope of their own, so that every route for the console's files is marked open here
  // (the key check lets them through), and the API's routes keep theirs.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, open: true };
      route.schema = { ...route.schema, hide: true };
    });
    await scope.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      setHeaders: (response) => {
        for (const [name, value] of Object.entries(HEADERS)) response.setHeader(name, value);
      },
    });
    const page = (request: FastifyRequest, reply: FastifyReply) => {
      // Not the console's: the API's own answer for no route (404, or 405 with `Allow` for a
      // path the API serves under other methods, e.g. GET /v1/audit/verify).
      if (request.url.startsWith('/v1/') || request.url === '/v1') return reply.callNotFound();
      for (const [name, value] of Object.entries(HEADERS)) void reply.header(name, value);
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    };
    scope.get('/', page);
    scope.get('/*', page);
  });
  return true;
}
