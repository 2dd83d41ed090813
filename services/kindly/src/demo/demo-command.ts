import { join } from 'node:path';
import { EXIT } from '@kindly/config';
import {
  auditKeysFileOf,
  listRuns,
  removeRun,
  runsToRemove,
  type DemoInfra,
  type DemoRun,
} from './demo-runs.js';
import { runDemo, START } from './run-demo.js';
import { demoKeysText, serveRunConsole } from './demo-console.js';
import { quietProgress, type DemoProgress } from './demo-progress.js';

export interface DemoIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The run's progress (a bar on a terminal); none by default. */
  readonly progress?: DemoProgress;
}

/** What `kindly demo` was asked, its options checked by the command line. */
export interface DemoRequest {
  /** Absent: run the demo. `runs` lists the runs kept, `clean` removes, `console` serves one. */
  readonly what?: 'runs' | 'clean' | 'console';
  readonly accounts: number;
  readonly days: number;
  /** Runs are kept under `<out>/runs/`. */
  readonly out: string;
  /** After the run, serve the console over it until Ctrl-C. */
  readonly serve?: boolean;
  /** clean: keep the newest this many. */
  readonly keep?: number;
  /** clean: these runs; console: this run (the newest by default). */
  readonly run?: readonly string[];
}

/**
 * `kindly demo` runs the demo; `kindly demo runs` lists the runs kept; `kindly demo clean`
 * removes runs (their topics, database and folder); `kindly demo console` serves the console over
 * a kept run. Kafka and MongoDB come from the environment. Returns the exit code: 0, 1 when the
 * run's checks failed, 2 for a usage mistake, 78 without KAFKA_BROKERS or MONGODB_URI.
 */
export async function demoCommand(request: DemoRequest, io: DemoIo): Promise<number> {
  const { out } = request;
  if (request.what === 'runs') return listCommand(out, io);

  const brokers = io.env['KAFKA_BROKERS'];
  const mongoUri = io.env['MONGODB_URI'];
  if (!brokers || !mongoUri) {
    io.stderr('kindly demo: needs KAFKA_BROKERS and MONGODB_URI (npm run demo sets them)\n');
    return EXIT.settings;
  }
  const infra: DemoInfra = { kafkaBrokers: brokers.split(','), mongoUri };
  if (request.what === 'clean') {
    return cleanCommand(out, infra, { keep: request.keep ?? 0, runIds: request.run ?? [] }, io);
  }
  if (request.what === 'console') {
    const runs = listRuns(out);
    const wanted = request.run?.[0];
    const run = wanted === undefined ? runs[runs.length - 1] : runs.find((r) => r.runId === wanted);
    if (run === undefined) {
      io.stderr(
        `kindly demo console: ${wanted === undefined ? 'no run' : 'no such run'} in ${out}\n`,
      );
      return EXIT.usage;
    }
    return consoleCommand(infra, run, io);
  }

  const result = await runDemo({
    accounts: request.accounts,
    days: request.days,
    outDir: out,
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri,
    log: (line) => io.stdout(`${line}\n`),
    progress: io.progress ?? quietProgress,
  });
  if (request.serve) await consoleCommand(infra, result.run, io);
  return result.ok ? EXIT.ok : EXIT.findings;
}

/** Serves the console over a run until the process is told to stop (Ctrl-C). */
async function consoleCommand(infra: DemoInfra, run: DemoRun, io: DemoIo): Promise<number> {
  const served = await serveRunConsole({
    ...infra,
    database: run.database,
    prefix: run.prefix,
    end: START.plus({ days: run.days }),
    auditKeysFile: auditKeysFileOf(run),
  });
  io.stdout(
    `\n${demoKeysText(served.url, served.consoleServed)}\n(run ${run.runId}; Ctrl-C stops the console)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await served.stop();
  return 0;
}

function listCommand(out: string, io: DemoIo): number {
  const runs = listRuns(out);
  if (runs.length === 0) {
    io.stdout(`no demo runs in ${out}\n`);
    return 0;
  }
  const rows = runs.map((run) => [
    run.runId,
    run.startedAt.slice(0, 19).replace('T', ' '),
    String(run.accounts),
    String(run.days),
    run.status,
    run.database,
    `${run.prefix}*`,
  ]);
  const header = ['run', 'started (UTC)', 'accounts', 'days', 'result', 'database', 'topics'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  io.stdout(`${[line(header), ...rows.map(line)].join('\n')}\n`);
  io.stdout(`folders: ${join(out, 'runs')}/<run>\n`);
  return 0;
}

async function cleanCommand(
  out: string,
  infra: DemoInfra,
  options: { readonly keep: number; readonly runIds: readonly string[] },
  io: DemoIo,
): Promise<number> {
  const runs = listRuns(out);
  const unknown = options.runIds.filter((id) => !runs.some((run) => run.runId === id));
  if (unknown.length > 0) {
    io.stderr(`kindly demo clean: no such run in ${out}: ${unknown.join(', ')}\n`);
    return 2;
  }
  const doomed = runsToRemove(runs, options);
  for (const run of doomed) {
    await removeRun(run, infra);
    io.stdout(
      `removed ${run.runId}: topics ${run.prefix}*, database ${run.database}, ${run.dir}\n`,
    );
  }
  const kept = runs.length - doomed.length;
  io.stdout(`${doomed.length} run${doomed.length === 1 ? '' : 's'} removed, ${kept} kept\n`);
  return 0;
}
