import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** The little the health server logs through; a pino logger fits. */
export interface HealthServerLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

/** Options for {@link startHealthServer}. */
export interface HealthServerOptions {
  /** 0 picks a free port; the chosen one is in {@link HealthServer.port}. */
  port: number;
  /** Defaults to loopback; a platform whose probes come from outside the container sets `0.0.0.0`. */
  host?: string;
  registry: Registry;
  /** Whether the service can do its work now (connected, consuming); asked on each `/readyz`. */
  readiness: () => Promise<boolean> | boolean;
  logger?: HealthServerLogger;
}

/** A running health server. */
export interface HealthServer {
  readonly port: number;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

const ROUTES = new Set(['/healthz', '/readyz', '/metrics']);

function send(res: ServerResponse, status: number, body: string, type = 'text/plain'): void {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store' });
  res.end(body);
}

/**
 * Serves what the platform asks a service: `GET /healthz` (200 while the process runs: a
 * liveness probe), `GET /readyz` (200 when `readiness()` says so, else 503, also when it throws)
 * and `GET /metrics` (Prometheus text). Anything else is 404 (405 for another method).
 *
 * @returns once listening.
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { registry, readiness, logger } = options;

  async function isReady(): Promise<boolean> {
    try {
      return (await readiness()) === true;
    } catch (err) {
      logger?.warn({ err }, 'readiness check failed');
      return false;
    }
  }

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    if (!ROUTES.has(path)) return send(res, 404, 'not found\n');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return send(res, 405, 'method not allowed\n');
    }
    if (path === '/healthz') return send(res, 200, 'ok\n');
    if (path === '/readyz') {
      return (await isReady()) ? send(res, 200, 'ready\n') : send(res, 503, 'not ready\n');
    }
    // `contentType` carries the exposition format's version and charset already.
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(await registry.metrics());
  }

  const server = createServer((req, res) => {
    respond(req, res).catch((err: unknown) => {
      logger?.warn({ err, path: req.url }, 'health server request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    server.close();
    throw new Error('health server: expected a TCP address');
  }
  logger?.info({ port: address.port }, 'health server listening');

  return {
    port: address.port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Scrapers and fetch keep connections open; without this, close waits for them.
        server.closeAllConnections();
      }),
  };
}
