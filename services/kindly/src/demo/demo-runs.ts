/**
 * Every demo run has its own id and, under it, its own topics (`demo-<runId>.`), database
 * (`kindly_demo_<runId>`), print outbox and report folder (`<out>/runs/<runId>/`), so that a
 * second run never reads the first one's records or counts its letters (message ids are derived
 * from the portfolio, so two runs of it have the same ones). The folder's `run.json` is the
 * register: `kindly demo runs` lists it, `kindly demo clean` removes a run's topics, database
 * and folder.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, deleteTopics } from '@kindly/kafka';
import { connectMongo } from '@kindly/mongo';

export interface DemoRun {
  readonly runId: string;
  /** Prefixed to every topic of the run. */
  readonly prefix: string;
  readonly database: string;
  /** `<out>/runs/<runId>`: the report, the summary and the print outbox. */
  readonly dir: string;
  readonly outbox: string;
  readonly startedAt: string;
  readonly accounts: number;
  readonly days: number;
  /** `running` until the run ends; then whether its numbers reconciled. */
  readonly status: 'running' | 'reconciled' | 'not reconciled' | 'failed';
  readonly pid: number;
}

export interface DemoInfra {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
}

const RUN_ID = /^\d{8}-\d{6}-[0-9a-f]{4}$/;
const REGISTER = 'run.json';

export const runsFolder = (outDir: string) => join(outDir, 'runs');

/** Where a run keeps the audit's keys it made (owner-only), for its console afterwards. */
export const auditKeysFileOf = (run: Pick<DemoRun, 'dir'>) => join(run.dir, 'audit-keys.json');

/** `20260302-101502-3fa9`: when it started (UTC), and four random hex digits. */
export function newRunId(now: Date, random = randomBytes(2).toString('hex')): string {
  const stamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${stamp.slice(0, 8)}-${stamp.slice(8)}-${random}`;
}

/** Registers a new run: its folder and `run.json`. */
export function createRun(
  outDir: string,
  details: { readonly accounts: number; readonly days: number; readonly now?: Date },
): DemoRun {
  const now = details.now ?? new Date();
  const runId = newRunId(now);
  const dir = join(runsFolder(outDir), runId);
  if (existsSync(dir)) throw new Error(`demo run ${runId} exists already`);
  const run: DemoRun = {
    runId,
    prefix: `demo-${runId}.`,
    database: `kindly_demo_${runId.replace(/-/g, '_')}`,
    dir,
    outbox: join(dir, 'print-outbox'),
    startedAt: now.toISOString(),
    accounts: details.accounts,
    days: details.days,
    status: 'running',
    pid: process.pid,
  };
  mkdirSync(dir, { recursive: true });
  writeRegister(run);
  return run;
}

export function finishRun(run: DemoRun, status: DemoRun['status']): DemoRun {
  const finished = { ...run, status };
  writeRegister(finished);
  return finished;
}

/** The registered runs, oldest first. */
export function listRuns(outDir: string): DemoRun[] {
  const folder = runsFolder(outDir);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => RUN_ID.test(name) && existsSync(join(folder, name, REGISTER)))
    .map((name) => {
      const run = JSON.parse(readFileSync(join(folder, name, REGISTER), 'utf8')) as DemoRun;
      // Where the folder is now, if it was moved with its parent.
      return { ...run, dir: join(folder, name), outbox: join(folder, name, 'print-outbox') };
    })
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.runId.localeCompare(b.runId));
}

/** Whether the process that started a run still runs it. */
export function isRunning(run: DemoRun): boolean {
  if (run.status !== 'running') return false;
  try {
    process.kill(run.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The runs `clean` removes: those named, or else all but the newest `keep`; never one that is
 * still running.
 */
export function runsToRemove(
  runs: readonly DemoRun[],
  options: { readonly keep?: number; readonly runIds?: readonly string[] },
): DemoRun[] {
  const idle = runs.filter((run) => !isRunning(run));
  if (options.runIds && options.runIds.length > 0) {
    const named = new Set(options.runIds);
    return idle.filter((run) => named.has(run.runId));
  }
  const keep = new Set(runs.slice(Math.max(0, runs.length - (options.keep ?? 0))));
  return idle.filter((run) => !keep.has(run));
}

/** Deletes a run's topics, drops its database, then removes its folder. */
export async function removeRun(run: DemoRun, infra: DemoInfra): Promise<void> {
  const admin = createKafka({
    brokers: [...infra.kafkaBrokers],
    clientId: 'kindly-demo-clean',
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(run.prefix));
    await deleteTopics(admin, topics);
    // The services' and the observer's consumer groups are named after the prefix too.
    const { groups } = await admin.listGroups();
    const ours = groups.map((g) => g.groupId).filter((id) => id.startsWith(run.prefix));
    if (ours.length > 0) await deleteGroupsOnceEmpty(admin, ours);
  } finally {
    await admin.disconnect();
  }
  const mongo = await connectMongo({
    uri: infra.mongoUri,
    database: run.database,
    appName: 'kindly-demo-clean',
  });
  try {
    await mongo.db.dropDatabase();
  } finally {
    await mongo.close();
  }
  rmSync(run.dir, { recursive: true, force: true });
}

function writeRegister(run: DemoRun): void {
  writeFileSync(join(run.dir, REGISTER), `${JSON.stringify(run, null, 2)}\n`);
}

/**
 * Deletes consumer groups, waiting a little for one that still has a member (a consumer that has
 * just stopped may not have left yet: the broker answers NON_EMPTY_GROUP). A group still held
 * after that is left: the broker forgets an empty group by itself, and a clean must not fail on it.
 */
async function deleteGroupsOnceEmpty(
  admin: ReturnType<ReturnType<typeof createKafka>['admin']>,
  groupIds: readonly string[],
): Promise<void> {
  let left = [...groupIds];
  for (let attempt = 0; left.length > 0 && attempt < 15; attempt++) {
    try {
      await admin.deleteGroups(left);
      return;
    } catch (error) {
      const failed = (error as { groups?: { groupId: string; errorCode: number }[] }).groups;
      if (!Array.isArray(failed)) throw error;
      // 69 GROUP_ID_NOT_FOUND: gone already; 68 NON_EMPTY_GROUP: try again in a second.
      left = failed.filter((g) => g.errorCode === 68).map((g) => g.groupId);
      if (failed.some((g) => g.errorCode !== 68 && g.errorCode !== 69)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}
