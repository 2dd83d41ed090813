import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '@kindly/contracts';
import { PLANNER_ACCOUNTS } from '@kindly/planner';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { kindlyInProcess } from '../testing/kindly-in-process.js';
import type { Finding } from './finding.js';

const repositoryRoot = join(import.meta.dirname, '../../../..');

const doctor = (args: string[], env: Record<string, string>) =>
  kindlyInProcess(['doctor', ...args], env);

interface Report {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly findings: readonly Finding[];
}

describe('kindly doctor against the running infrastructure', () => {
  let namespace: ProvisionedNamespace;
  let env: Record<string, string>;

  beforeAll(async () => {
    // Every topic and index of the catalogs, under this file's own prefix and database.
    namespace = await provisionTestNamespace('doctor', eventTypes);
    const unsubscribe = randomBytes(24).toString('base64url');
    env = {
      KAFKA_BROKERS: namespace.infra.kafkaBrokers.join(','),
      MONGODB_URI: namespace.infra.mongoUri,
      MONGODB_DATABASE: namespace.database,
      KAFKA_TOPIC_PREFIX: namespace.prefix,
      RENDERER_UNSUBSCRIBE_SECRET: unsubscribe,
      TRACKER_UNSUBSCRIBE_SECRET: unsubscribe,
      TRACKER_PUBLIC_BASE_URL: 'http://127.0.0.1:8080',
      TRACKER_TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
      TRACKER_BOUNCE_TOKEN: randomBytes(32).toString('base64url'),
      AUDIT_ADDRESS_KEY: randomBytes(32).toString('base64url'),
      AUDIT_EVIDENCE_KEYS: `doctor:${randomBytes(32).toString('base64')}`,
      DISPATCHER_REASSIGNED_CHECK: 'off',
    };
  });
  afterAll(async () => {
    await namespace.cleanup();
  });

  it('reports all green once the namespace is provisioned', async () => {
    const { code, out } = await doctor(['--json'], env);
    const report = JSON.parse(out) as Report;
    // The one warning: the reassigned-numbers check turned off on purpose (as a local try has it).
    expect(report.findings.filter((f) => f.status !== 'ok')).toEqual([
      expect.objectContaining({
        status: 'warn',
        message: expect.stringMatching(/^DISPATCHER_REASSIGNED_CHECK=off while/) as unknown,
      }),
    ]);
    expect(report.findings.map((f) => f.check)).toEqual([
      'settings',
      'settings',
      'kafka',
      'topics',
      'mongodb',
      'indexes',
      'senders',
      'clock',
    ]);
    expect(report).toMatchObject({ ok: true, exitCode: 0 });
    expect(code).toBe(0);
  });

  it('says so in a line per check', async () => {
    const { code, out } = await doctor([], env);
    const lines = out.trimEnd().split('\n');
    const marked = lines.filter((line) => /^[✓⚠✗] /.test(line));
    expect(marked).toHaveLength(8);
    expect(marked.filter((line) => !line.startsWith('✓ '))).toEqual([
      expect.stringMatching(/^⚠ settings.*DISPATCHER_REASSIGNED_CHECK=off while/),
    ]);
    expect(lines.at(-1)).toBe('all green, 1 warning');
    expect(code).toBe(0);
  });

  it('names a broker that is down, and where', async () => {
    const closed = await getPort({ host: '127.0.0.1' });
    const started = Date.now();
    const { code, out } = await doctor([], { ...env, KAFKA_BROKERS: `127.0.0.1:${closed}` });
    expect(out).toMatch(
      new RegExp(
        `^✗ kafka {4}Kafka is down: 127\\.0\\.0\\.1:${closed} refused the connection: nothing listens there$`,
        'm',
      ),
    );
    expect(out).toMatch(/^⚠ topics {3}not checked: Kafka did not answer$/m);
    // MongoDB is checked all the same.
    expect(out).toMatch(/^✓ indexes /m);
    expect(code).toBe(1);
    // Short timeouts: a refused connection is not retried for long.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('names a MongoDB that is down, and where', async () => {
    const closed = await getPort({ host: '127.0.0.1' });
    const { code, out } = await doctor([], {
      ...env,
      MONGODB_URI: `mongodb://127.0.0.1:${closed}/`,
    });
    expect(out).toMatch(
      new RegExp(
        `^✗ mongodb  MongoDB is down: 127\\.0\\.0\\.1:${closed} refused the connection: nothing listens there$`,
        'm',
      ),
    );
    expect(out).toMatch(/^⚠ indexes {2}not checked: MongoDB did not answer$/m);
    expect(out).toMatch(/^✓ topics /m);
    expect(code).toBe(1);
  });

  it("checks the sender profiles against the customers on file, the planner's accounts", async () => {
    const accounts = namespace.mongo.db.collection<{
      _id: string;
      tenantId: string;
      contact: unknown;
    }>(PLANNER_ACCOUNTS);
    await accounts.insertOne({
      _id: 'acme:A-1',
      tenantId: 'acme',
      contact: { value: { jurisdiction: 'US-MA' } },
    });
    try {
      const unnamed = await doctor([], env);
      expect(unnamed.out).toMatch(
        /^✗ senders {2}no sender profile for tenant acme: the messages to its customers in US-MA are not rendered$/m,
      );
      expect(unnamed.code).toBe(1);
      const fallback = await doctor([], { ...env, RENDERER_FALLBACK_SENDER: 'demo-bank' });
      expect(fallback.out).toMatch(/^✓ senders .*customers on file \(1 tenant\)$/m);
      expect(fallback.code).toBe(0);
    } finally {
      await accounts.deleteMany({});
    }
  });

  it('lists what is missing with what to run: topics under another prefix, indexes of another database', async () => {
    // Neither is provisioned; the doctor only reads, so it creates neither.
    const bare = `${namespace.database}_bare`;
    const { code, out } = await doctor(['--json'], {
      ...env,
      KAFKA_TOPIC_PREFIX: 'unprovisioned.',
      MONGODB_DATABASE: bare,
    });
    const report = JSON.parse(out) as Report;
    const errors = report.findings.filter((f) => f.status === 'error');
    expect(errors).toEqual([
      expect.objectContaining({
        check: 'topics',
        message: expect.stringMatching(
          /^\d+ of \d+ topics missing under the prefix 'unprovisioned\.'$/,
        ) as unknown,
        items: expect.arrayContaining(['unprovisioned.account.overdue.v1.dlq']) as unknown,
      }),
      expect.objectContaining({
        check: 'indexes',
        message: expect.stringMatching(/^(\d+) of \1 indexes missing in database /) as unknown,
        items: expect.arrayContaining(['outreach.due', 'audit-records.chain']) as unknown,
        fix: `npm run provision (with the same MONGODB_URI and MONGODB_DATABASE=${bare})`,
      }),
    ]);
    expect(code).toBe(1);
  });

  it('runs as a command of its own: all green, exit 0; a wrong argument, exit 2 without a stack', () => {
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        [
          '--conditions=@kindly/source',
          '--import',
          'tsx',
          'services/kindly/src/main.ts',
          'doctor',
          ...args,
        ],
        {
          cwd: repositoryRoot,
          env: { ...process.env, ...env },
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
    const green = run([]);
    expect(green.stdout).toMatch(/\n\nall green, 1 warning\n$/);
    expect(green.status).toBe(0);
    const wrong = run(['--jsn']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toContain("unknown option '--jsn'");
    expect(wrong.stderr).not.toMatch(/\n\s+at /);
  });
});
