import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { listRuns, removeRun, runsToRemove, type DemoInfra, type DemoRun } from './demo-runs.js';
import { runDemo, START } from './run-demo.js';
import { demoKeysText, serveRunConsole } from './demo-console.js';

export interface DemoIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processIo = (): DemoIo => ({
  env: process.env,
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});

/**
 * `kindly demo [--accounts N] [--days D] [--out DIR]` runs the demo;
 * `kindly demo runs [--out DIR]` lists the runs kept under DIR;
 * `kindly demo clean [--keep N | --run ID …] [--out DIR]` removes runs: their topics, database
 * and folder. Kafka and MongoDB come from the environment.
 */
export async function demoCommand(
  args: readonly string[],
  io: DemoIo = processIo(),
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        accounts: { type: 'string', default: '1000' },
        days: { type: 'string', default: '60' },
        out: { type: 'string', default: join(io.cwd, '.cache', 'demo') },
        keep: { type: 'string' },
        run: { type: 'string', multiple: true },
        serve: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.stderr(`kindly demo: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [sub, ...extra] = positionals;
  if (
    extra.length > 0 ||
    (sub !== undefined && sub !== 'runs' && sub !== 'clean' && sub !== 'console')
  ) {
    io.stderr(
      `kindly demo: unknown subcommand '${positionals.join(' ')}' (runs, clean, console)\n`,
    );
    return 2;
  }
  const out = values.out;
  if (sub === 'runs') return listCommand(out, io);

  const brokers = io.env['KAFKA_BROKERS'];
  const mongoUri = io.env['MONGODB_URI'];
  if (!brokers || !mongoUri) {
    io.stderr('kindly demo: needs KAFKA_BROKERS and MONGODB_URI (npm run demo sets them)\n');
    return 2;
  }
  const infra: DemoInfra = { kafkaBrokers: brokers.split(','), mongoUri };
  if (sub === 'clean') {
    const keep = values.keep === undefined ? 0 : Number(values.keep);
    if (!Number.isInteger(keep) || keep < 0) {
      io.stderr('kindly demo clean: --keep takes a whole number\n');
      return 2;
    }
    return cleanCommand(out, infra, { keep, runIds: values.run ?? [] }, io);
  }
  if (sub === 'console') {
    const runs = listRuns(out);
    const wanted = values.run?.[0];
    const run = wanted === undefined ? runs[runs.length - 1] : runs.find((r) => r.runId === wanted);
    if (run === undefined) {
      io.stderr(
        `kindly demo console: ${wanted === undefined ? 'no run' : 'no such run'} in ${out}\n`,
      );
      return 2;
    }
    return consoleCommand(infra, run, io);
  }

  const accounts = Number(values.accounts);
  const days = Number(values.days);
  if (!(Number.isInteger(accounts) && accounts > 0) || !(Number.isInteger(days) && days > 0)) {
    io.stderr('kindly demo: --accounts and --days take positive whole numbers\n');
    return 2;
  }
  const result = await runDemo({
    accounts,
    days,
    outDir: out,
    kafkaBrokers: infra.kafkaBrokers,
    mongoUri,
    log: (line) => io.stdout(`${line}\n`),
    progress: (line) => io.stderr(line),
  });
  if (values.serve) await consoleCommand(infra, result.run, io);
  return result.ok ? 0 : 1;
}

/** Serves the console over a run until the process is told to stop (Ctrl-C). */
async function consoleCommand(infra: DemoInfra, run: DemoRun, io: DemoIo): Promise<number> {
  const served = await serveRunConsole({
    ...infra,
    database: run.database,
    prefix: run.prefix,
    end: START.plus({ days: run.days }),
  });
  io.stdout(`\n${demoKeysText(served.url)}\n(run ${run.runId}; Ctrl-C stops the console)\n`);
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
