/**
 * The console's files from `/`: served when their build is there at start, and otherwise a start
 * that says so (a warning naming the command that builds them) and a `/` that answers 404, so that
 * `kindly run all` never prints a console's address that shows nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { recordingLogger } from '@kindly/http/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DateTime } from 'luxon';
import { startOperatorService } from './testing/operator-service.fixture.js';

describe('the console’s files, served by the operator API only when built', () => {
  let ns: ProvisionedNamespace;
  const dirs: string[] = [];
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const emptyDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-console-'));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-console-files', eventTypes);
  }, 120_000);
  afterAll(async () => {
    await ns?.cleanup();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('without a build: says so at start with the command to build it, and `/` is 404', async () => {
    const log = recordingLogger('operator');
    const api = await startOperatorService(ns, clock, {
      logger: log.logger,
      env: { OPERATOR_CONSOLE_DIR: emptyDir() },
    });
    try {
      expect(api.operator.consoleServed).toBe(false);
      expect((await fetch(`${api.operator.url}/`)).status).toBe(404);
      const warned = log.at('warn').map((record) => String(record['msg']));
      expect(warned.some((msg) => msg.includes('npm run console:build'))).toBe(true);
      // The API itself is up all the same.
      expect((await fetch(`${api.operator.url}/openapi.json`)).status).toBe(200);
    } finally {
      await api.stop();
    }
  });

  it('with a build: serves its page from `/` and from a client-side route, and warns of nothing', async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kindly</title>');
    const log = recordingLogger('operator');
    const api = await startOperatorService(ns, clock, {
      logger: log.logger,
      env: { OPERATOR_CONSOLE_DIR: dir },
    });
    try {
      expect(api.operator.consoleServed).toBe(true);
      for (const path of ['/', '/audit']) {
        const page = await fetch(`${api.operator.url}${path}`);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toContain('text/html');
      }
      expect(log.at('warn')).toEqual([]);
    } finally {
      await api.stop();
    }
  });
});
