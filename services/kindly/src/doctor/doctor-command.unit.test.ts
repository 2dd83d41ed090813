import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDoctorCommand } from './doctor-command.js';

async function doctor(args: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runDoctorCommand(args, { stdout, stderr, env });
  return { code, out, err };
}

describe('kindly doctor, on its command line', () => {
  it('refuses an unknown argument with exit 2 and the usage, without a stack trace', async () => {
    const { code, out, err } = await doctor(['--jsn']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(
      /^kindly doctor: unknown argument '--jsn'\n\nusage: kindly doctor \[--json\]/,
    );
    expect(err).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('prints its usage for --help', async () => {
    const { code, out } = await doctor(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^usage: kindly doctor \[--json\]/);
  });

  it('exits 78 when the settings do not parse, and says what it could not check', async () => {
    const { code, out } = await doctor([], {});
    expect(code).toBe(78);
    expect(out).toMatch(
      /^✗ settings KAFKA_BROKERS is not set; expected host:port\[,host:port…\]$/m,
    );
    expect(out).toMatch(/^ {11}→ set KAFKA_BROKERS \(README.md describes it\)$/m);
    expect(out).toMatch(/^⚠ kafka {4}not checked: KAFKA_BROKERS is not set or does not parse$/m);
  });

  it('gives one JSON document with --json', async () => {
    const { code, out } = await doctor(['--json'], {});
    const report = JSON.parse(out) as { ok: boolean; exitCode: number; findings: unknown[] };
    expect(report).toMatchObject({ ok: false, exitCode: 78 });
    expect(code).toBe(78);
    expect(report.findings).toContainEqual(
      expect.objectContaining({ check: 'settings', status: 'error', setting: 'MONGODB_URI' }),
    );
  });
});
