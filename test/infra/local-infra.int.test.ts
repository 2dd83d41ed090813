import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@kindly/testing';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const canRunLocalInfra = [process.env['JAVA_HOME'], ...(process.env['PATH'] ?? '').split(':')].some(
  (dir) => dir !== undefined && existsSync(join(dir, 'java')),
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function script(name: string, env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      [join(repoRoot, 'infra/local', name), ...args],
      { env },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// A second, private copy of infra/local (own ports, own cache folder), so that the scripts'
// promises are checked without touching the servers the other tests use.
describe.skipIf(!canRunLocalInfra)('infra/local up and down', () => {
  const cache = mkdtempSync(join(tmpdir(), 'kindly-infra-test-'));
  let env: NodeJS.ProcessEnv;
  let blocker: Server | undefined;
  const pids = () => ({
    kafka: Number(readFileSync(join(cache, 'run/kafka.pid'), 'utf8')),
    mongo: Number(readFileSync(join(cache, 'run/mongo.pid'), 'utf8')),
  });

  beforeAll(async () => {
    env = {
      ...process.env,
      KINDLY_CACHE_DIR: cache,
      KINDLY_KAFKA_PORT: String(await freePort()),
      KINDLY_KAFKA_CONTROLLER_PORT: String(await freePort()),
      KINDLY_MONGO_PORT: String(await freePort()),
      KINDLY_MONGO_SERVER: 'mongo-java-server',
    };
  });
  afterAll(async () => {
    blocker?.close();
    await script('down.sh', env);
    rmSync(cache, { recursive: true, force: true });
  });

  it('starts both servers and prints the settings', async () => {
    const run = await script('up.sh', env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`KAFKA_BROKERS=127.0.0.1:${env['KINDLY_KAFKA_PORT']}`);
    expect(run.stdout).toContain(`MONGODB_URI=mongodb://127.0.0.1:${env['KINDLY_MONGO_PORT']}/`);
    expect(run.stdout).toContain('KINDLY_INFRA_STARTED=kafka mongo');
  }, 180_000);

  it('starts nothing twice', async () => {
    const before = pids();
    const run = await script('up.sh', env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^KINDLY_INFRA_STARTED=$/m);
    expect(pids()).toEqual(before);
  }, 60_000);

  it('stops only what it started, and starts again after down', async () => {
    const before = pids();
    expect((await script('down.sh', env)).code).toBe(0);
    expect(alive(before.kafka)).toBe(false);
    expect(alive(before.mongo)).toBe(false);
    expect((await script('status.sh', env)).code).not.toBe(0);

    const run = await script('up.sh', env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('KINDLY_INFRA_STARTED=kafka mongo');
    expect((await script('status.sh', env)).code).toBe(0);
  }, 180_000);

  it('names a port that another process holds', async () => {
    await script('down.sh', env, 'mongo');
    const port = Number(env['KINDLY_MONGO_PORT']);
    blocker = createServer();
    await new Promise<void>((resolve) => blocker!.listen(port, '127.0.0.1', resolve));
    const run = await script('up.sh', env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain(`port ${port}, wanted by mongo, is already in use`);
  }, 60_000);
});
