/**
 * The `kindly` command line: one commander program for every command, so that each has its
 * `--help`, a typo gets a suggestion ("Did you mean plan?") and exit code 2 without a stack
 * trace, and `--version` and shell completion (`kindly complete bash|zsh|fish|powershell`) know
 * every command. The commands themselves are functions of the service packages, handed what
 * commander checked; those with sub-commands of their own (audit, campaign, keys, dead-letters)
 * add their commander trees to this program, so that help, suggestions and completion know them.
 * A bad option value is a usage mistake (2) found while the line is parsed, before any setting is
 * read; the failures an operator can act on are answered in one line (user-errors.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import tab from '@bomb.sh/tab/commander';
import { Argument, Command, CommanderError, InvalidArgumentError } from 'commander';
import { addAuditCommand } from '@kindly/audit/cli';
import { addCampaignCommand } from '@kindly/campaigns/cli';
import { EXIT, InfraSettings, parseConfig } from '@kindly/config';
import { addDeadLettersCommand, addKeysCommand } from '@kindly/operator/cli';
import type { DemoRequest } from '../demo/demo-command.js';

export interface KindlyIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

const EXIT_CODES_TEXT = `
Exit codes: 0 done; 1 done, with findings (a bad line, a violation, a failed check);
2 a usage mistake; 69 Kafka or MongoDB away; 78 a setting missing or wrong.
Settings (KAFKA_BROKERS, MONGODB_URI, …) come from the environment.`;

/** Runs `kindly <argv>` and answers its exit code; a user's mistake never throws. */
export async function runKindly(argv: readonly string[], io: KindlyIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = kindlyProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and the version asked for are answers (`kindly help [command]` ends with exit code
      // 0 too, as commander.help); anything else commander refuses is a mistake.
      return error.exitCode === 0 ||
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version'
        ? EXIT.ok
        : EXIT.usage;
    }
    // A setting, Kafka or MongoDB: one line and its exit code. Anything else is a bug: its stack.
    // Loaded when needed: it knows the clients' errors, which `kindly --version` need not load.
    const known = (await import('./user-errors.js')).userFacingError(error);
    if (!known) throw error;
    io.stderr.write(`kindly: ${known.line}\n`);
    return known.exitCode;
  }
  return exitCode;
}

function kindlyProgram(io: KindlyIo, exit: (code: number) => void): Command {
  // Set before the commands are made: each inherits them.
  const program = new Command('kindly')
    .description('Kindly: reminders and outreach for overdue accounts, on Kafka and MongoDB')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true)
    .showHelpAfterError('(kindly --help lists the commands; kindly <command> --help, its options)')
    .enablePositionalOptions()
    .addHelpText('after', EXIT_CODES_TEXT);

  program
    .command('plan')
    .description('decide NDJSON cases read from standard input (services/planner/CASES.md)')
    .option('--policy <file>', 'a policy file instead of the shipped one')
    .option('--strategy <file...>', 'strategy files instead of the shipped ones')
    .action(async (options: Options) => {
      const { runPlanCommand } = await import('@kindly/planner');
      exit(await runPlanCommand(argsOf(options), io.stdin, io.stdout, io.stderr));
    });

  program
    .command('render')
    .description('render a template for a preview: a PDF for a letter, segments for an SMS')
    .option('--template <id>', 'the template id, e.g. reminder-friendly-sms')
    .option('--locale <locale>', 'e.g. en-US, zh-CN')
    .option('--data <file>', 'a JSON file of the facts to render with')
    .option('--sample', 'made-up sample facts instead of --data')
    .option('--out <file>', 'where to write (a letter’s PDF, or the rendered JSON)')
    .option('--templates <dir>', 'a templates folder instead of the shipped one')
    .option('--max-segments <n>', 'the most segments an SMS may take', wholeNumber(1))
    .option('--dump-data', 'print the facts a render would use, not the render')
    .option('--list', 'list every template id with its channel and locales')
    .action(async (options: Options) => {
      const { runRenderCommand } = await import('@kindly/renderer');
      exit(await runRenderCommand(argsOf(options), io.stdout, io.stderr));
    });

  program
    .command('sms-segments')
    .description('encoding, units and segments of NDJSON strings read from standard input')
    .action(async () => {
      const { runSmsSegmentsCommand } = await import('@kindly/renderer');
      exit(await runSmsSegmentsCommand(io.stdin, io.stdout));
    });

  program
    .command('run')
    .description(
      'every service in one process (settings from the environment; each also runs alone)',
    )
    .addArgument(new Argument('<what>', 'what to run').choices(['all']))
    .action(async () => {
      const { runAllCommand } = await import('../run-all/run-all-command.js');
      exit(await runAllCommand());
    });

  program
    .command('demo')
    .description(
      'the whole pipeline over simulated days with local stand-ins for Twilio and SMTP (npm run demo)',
    )
    .addArgument(
      new Argument('[what]', 'runs: the runs kept; clean: remove runs; console: serve one').choices(
        ['runs', 'clean', 'console'],
      ),
    )
    .option('--accounts <n>', 'customers to simulate', wholeNumber(1), 1_000)
    .option('--days <n>', 'days to simulate', wholeNumber(1), 60)
    .option('--out <dir>', 'where runs are kept', join(io.cwd, '.cache', 'demo'))
    .option('--serve', 'then serve the console over the run (Ctrl-C stops it)')
    .option('--keep <n>', 'clean: keep the newest N runs', wholeNumber(0))
    .option('--run <id...>', 'clean: these runs; console: this run (the newest by default)')
    .addHelpText(
      'after',
      '\nKafka and MongoDB from KAFKA_BROKERS and MONGODB_URI (npm run demo sets them).',
    )
    .action(async (what: DemoRequest['what'], options: Omit<DemoRequest, 'what'>) => {
      if (what !== 'runs') {
        // The settings the services read, checked as they check them (78 naming the setting),
        // and each server reached before any client retries against it (69 naming it).
        const infra = parseConfig(DemoSettings, io.env);
        const { reachFirst } = await import('./reach-first.js');
        await reachFirst(infra.KAFKA_BROKERS, infra.MONGODB_URI);
      }
      const { demoCommand } = await import('../demo/demo-command.js');
      const { terminalProgress } = await import('../demo/demo-progress.js');
      const stderr = io.stderr as NodeJS.WriteStream;
      exit(
        await demoCommand(
          { ...options, ...(what ? { what } : {}) },
          {
            env: io.env,
            stdout: (text) => io.stdout.write(text),
            stderr: (text) => io.stderr.write(text),
            ...(stderr.isTTY ? { progress: terminalProgress(stderr) } : {}),
          },
        ),
      );
    });

  program
    .command('doctor')
    .description(
      'checks settings, Kafka, MongoDB, topics, indexes, sender profiles and the clock, and says what to do',
    )
    .option('--json', 'one JSON document: { ok, exitCode, errors, warnings, findings }')
    .addHelpText(
      'after',
      '\nExit codes: 0 all green (warnings allowed), 1 a finding is an error, 78 a setting does not parse.',
    )
    .action(async (options: { json?: boolean }) => {
      // Loaded on demand: it reads every service's settings, as `run all` does.
      const { runDoctor } = await import('../doctor/doctor-command.js');
      exit(await runDoctor({ json: options.json === true }, io));
    });

  // The service packages' own commands, each a commander tree of this program.
  const cliIo = { stdout: io.stdout, stderr: io.stderr, env: io.env };
  addAuditCommand(program, cliIo, exit);
  addCampaignCommand(program, cliIo, exit);
  addKeysCommand(program, cliIo, exit);
  addDeadLettersCommand(program, cliIo, exit);

  // Last: the completion command knows every command and option made above.
  tab(program);
  return program;
}

type Options = Record<string, string | number | boolean | string[] | undefined>;

/** What the demo needs of the settings every service reads. */
const DemoSettings = InfraSettings.pick({ KAFKA_BROKERS: true, MONGODB_URI: true });

/** A whole number at least `min`, or a usage error naming what was expected. */
function wholeNumber(min: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number < min) {
      throw new InvalidArgumentError(`expected a whole number of at least ${min}`);
    }
    return number;
  };
}

/** Commander's parsed options back to the `--name value` form the command functions read. */
function argsOf(options: Options): string[] {
  return Object.entries(options).flatMap(([name, value]) => {
    const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    if (value === undefined || value === false) return [];
    if (value === true) return [flag];
    return (Array.isArray(value) ? value : [value]).flatMap((v) => [flag, String(v)]);
  });
}
