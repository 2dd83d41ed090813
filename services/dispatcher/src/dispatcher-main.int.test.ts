import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testInfra } from '@kindly/testing';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const infra = testInfra();

describe('the dispatcher started with settings that contradict each other', () => {
  it('exits 78 at start and names them', async () => {
    let output = '';
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', main],
      {
        env: {
          PATH: process.env['PATH'],
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          MONGODB_URI: infra.mongoUri,
          MONGODB_DATABASE: 'dispatcher-main-test',
          HEALTH_PORT: '0',
          // Each valid alone; together a claim could run out while its send is still in progress.
          DISPATCHER_CLAIM_LEASE_MS: '5000',
          DISPATCHER_PROVIDER_TIMEOUT_MS: '20000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = await new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    expect(exited).toBe(78);
    expect(output).toMatch(/DISPATCHER_CLAIM_LEASE_MS: 5000 ms is shorter than/);
    expect(output).toContain('DISPATCHER_PROVIDER_TIMEOUT_MS');
  });

  it('exits 78 when the policy wants the reassigned-numbers check and nothing says how', async () => {
    let output = '';
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', main],
      {
        env: {
          PATH: process.env['PATH'],
          KAFKA_BROKERS: infra.kafkaBrokers.join(','),
          MONGODB_URI: infra.mongoUri,
          MONGODB_DATABASE: 'dispatcher-main-test',
          HEALTH_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = await new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    expect(exited).toBe(78);
    expect(output).toContain('RND_API_BASE_URL and RND_API_TOKEN');
    expect(output).toContain('DISPATCHER_REASSIGNED_CHECK=off');
  });
});
