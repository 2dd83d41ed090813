import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '@kindly/kafka';
import { connectMongo } from '@kindly/mongo';
import { provision } from '@kindly/provisioning';
import { testInfra } from '@kindly/testing';
import { kindlyInProcess } from '../testing/kindly-in-process.js';
import { createRun, finishRun, listRuns, removeRun, type DemoRun } from './demo-runs.js';

/** `kindly demo …` in this process, with its output kept. */
function kindlyDemo(args: string[]) {
  const infra = testInfra();
  return kindlyInProcess(['demo', ...args], {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URI: infra.mongoUri,
  });
}

describe('demo runs: each its own topics, database and folder; listed and removed with one command', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kindly-demo-runs-'));
  const runs: DemoRun[] = [];

  async function topicsOf(run: DemoRun): Promise<string[]> {
    const admin = createKafka({ brokers: testInfra().kafkaBrokers, clientId: 'runs-test' }).admin();
    await admin.connect();
    try {
      return (await admin.listTopics()).filter((t) => t.startsWith(run.prefix));
    } finally {
      await admin.disconnect();
    }
  }
  async function collectionsOf(run: DemoRun): Promise<number> {
    const mongo = await connectMongo({
      uri: testInfra().mongoUri,
      database: run.database,
      appName: 'runs-test',
    });
    try {
      return (await mongo.db.listCollections().toArray()).length;
    } finally {
      await mongo.close();
    }
  }

  afterAll(async () => {
    for (const run of listRuns(outDir)) await removeRun(run, testInfra());
    rmSync(outDir, { recursive: true, force: true });
  });

  it('gives two runs two folders, databases and topic prefixes; lists both; cleans one', async () => {
    const infra = testInfra();
    for (let i = 0; i < 2; i++) {
      const run = createRun(outDir, { accounts: 5, days: 1 });
      await provision(
        { kafkaBrokers: infra.kafkaBrokers, mongoUri: infra.mongoUri, mongoDatabase: run.database },
        { prefix: run.prefix },
      );
      runs.push(run);
    }
    const [first, second] = runs;
    if (!first || !second) throw new Error('two runs');
    expect(first.runId).not.toBe(second.runId);
    expect(new Set(runs.map((r) => r.dir)).size).toBe(2);
    expect(new Set(runs.map((r) => r.database)).size).toBe(2);
    expect(new Set(runs.map((r) => r.prefix)).size).toBe(2);
    expect(first.outbox.startsWith(first.dir)).toBe(true);
    for (const run of runs) {
      expect((await topicsOf(run)).length).toBeGreaterThan(0);
      expect(await collectionsOf(run)).toBeGreaterThan(0);
    }

    const listed = await kindlyDemo(['runs', '--out', outDir]);
    expect(listed.code).toBe(0);
    for (const run of runs) {
      expect(listed.out).toContain(run.runId);
      expect(listed.out).toContain(run.database);
    }

    // A run still going (this process registered them) is never removed.
    expect((await kindlyDemo(['clean', '--out', outDir])).out).toContain('0 runs removed, 2 kept');
    for (const run of runs) finishRun(run, 'reconciled');

    // The older one goes, with its topics and database; the newer one stays whole.
    const cleaned = await kindlyDemo(['clean', '--keep', '1', '--out', outDir]);
    expect(cleaned.code).toBe(0);
    expect(cleaned.out).toContain(`removed ${first.runId}`);
    expect(existsSync(first.dir)).toBe(false);
    expect(await topicsOf(first)).toEqual([]);
    expect(await collectionsOf(first)).toBe(0);
    expect(existsSync(second.dir)).toBe(true);
    expect((await topicsOf(second)).length).toBeGreaterThan(0);
    expect(await collectionsOf(second)).toBeGreaterThan(0);
    expect(listRuns(outDir).map((r) => r.runId)).toEqual([second.runId]);
    expect((await kindlyDemo(['runs', '--out', outDir])).out).not.toContain(first.runId);
  }, 120_000);

  it('refuses a run id it does not know, and unknown subcommands', async () => {
    expect((await kindlyDemo(['clean', '--run', 'nope', '--out', outDir])).code).toBe(2);
    expect((await kindlyDemo(['list', '--out', outDir])).code).toBe(2);
  });
});
