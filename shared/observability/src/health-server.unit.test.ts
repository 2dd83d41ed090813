import { afterEach, describe, expect, it } from 'vitest';
import { createMetrics } from './create-metrics.js';
import { startHealthServer } from './health-server.js';
import type { HealthServer } from './health-server.js';

describe('startHealthServer', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves liveness, readiness and metrics', async () => {
    const { registry, consumer } = createMetrics({ service: 'planner' });
    let ready = false;
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry,
      readiness: () => Promise.resolve(ready),
    });
    const base = `http://127.0.0.1:${server.port}`;
    expect(server.port).toBeGreaterThan(0);

    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, 'ok\n']);

    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    consumer.consumed('account.overdue.v1', 'ack');
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const exposition = await metrics.text();
    expect(exposition).toMatch(/^kindly_messages_consumed_total\{[^}]*outcome="ack"[^}]*\} 1$/m);
    expect(exposition).toMatch(/^kindly_process_resident_memory_bytes\{service="planner"\} \d+/m);

    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });

  it('is not ready when the readiness check throws, and says why in the log', async () => {
    const warnings: string[] = [];
    server = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetrics({ service: 'planner' }).registry,
      readiness: () => {
        throw new Error('mongo down');
      },
      logger: { info: () => undefined, warn: (_, message) => void warnings.push(message) },
    });
    expect((await fetch(`http://127.0.0.1:${server.port}/readyz`)).status).toBe(503);
    expect(warnings).toEqual(['readiness check failed']);
  });

  it('closes with keep-alive connections open', async () => {
    const started = await startHealthServer({
      port: 0,
      host: '127.0.0.1',
      registry: createMetrics({ service: 'planner' }).registry,
      readiness: () => true,
    });
    await (await fetch(`http://127.0.0.1:${started.port}/healthz`)).text();
    await started.close();
    await expect(fetch(`http://127.0.0.1:${started.port}/healthz`)).rejects.toThrow();
  });
});
