import { describe, expect, it } from 'vitest';
import { kindlyInProcess } from '../testing/kindly-in-process.js';

const doctor = (args: string[], env: Record<string, string> = {}) =>
  kindlyInProcess(['doctor', ...args], env);

// The first run loads every service's settings (seconds on a busy shared machine), as the
// spawning tests of main.unit.test.ts allow for.
const LOADING = 60_000;

describe('kindly doctor, on its command line', () => {
  it(
    'refuses an unknown option with exit 2 and a suggestion, without a stack trace',
    async () => {
      const { code, out, err } = await doctor(['--jsn']);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toContain("unknown option '--jsn'");
      expect(err).toContain('(Did you mean --json?)');
      expect(err).not.toMatch(/\bat .*\.ts:\d+/);
    },
    LOADING,
  );

  it(
    'prints its usage for --help',
    async () => {
      const { code, out } = await doctor(['--help']);
      expect(code).toBe(0);
      expect(out).toMatch(/^Usage: kindly doctor \[options\]/);
      expect(out).toContain('Exit codes: 0 all green');
    },
    LOADING,
  );

  it(
    'exits 78 when the settings do not parse, and says what it could not check',
    async () => {
      const { code, out } = await doctor([], {});
      expect(code).toBe(78);
      expect(out).toMatch(
        /^✗ settings KAFKA_BROKERS is not set; expected host:port\[,host:port…\], each port 1–65535$/m,
      );
      expect(out).toMatch(/^ {11}→ set KAFKA_BROKERS \(README.md describes it\)$/m);
      expect(out).toMatch(/^⚠ kafka {4}not checked: KAFKA_BROKERS is not set or does not parse$/m);
    },
    LOADING,
  );

  it(
    'gives one JSON document with --json',
    async () => {
      const { code, out } = await doctor(['--json'], {});
      const report = JSON.parse(out) as { ok: boolean; exitCode: number; findings: unknown[] };
      expect(report).toMatchObject({ ok: false, exitCode: 78 });
      expect(code).toBe(78);
      expect(report.findings).toContainEqual(
        expect.objectContaining({ check: 'settings', status: 'error', setting: 'MONGODB_URI' }),
      );
    },
    LOADING,
  );
});
