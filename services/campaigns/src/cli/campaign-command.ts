/**
 * `kindly campaign <validate|preview|launch|pause|resume|cancel|status|report>`: checks campaign files before
 * anyone launches them (every mistake with its file, line, field and what was expected), and
 * starts and steers launches, which the campaigns service walks. Exit codes as `kindly audit`'s:
 * 0 done, 1 findings (a file with mistakes, a launch that cannot do that now), 2 a usage
 * mistake, 69 MongoDB unreachable, 78 a setting missing or wrong (named).
 *
 * {@link addCampaignCommand} adds the commands to the `kindly` program (its help, suggestions
 * and shell completion then know them); {@link runCampaignCommand} runs them alone, for tests.
 * What a command does is loaded when it runs: `kindly --version` need not load the campaigns'.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, EXIT, InfraSettings, parseConfig } from '@kindly/config';
import type { Db } from '@kindly/mongo';
import type { launchActions } from './launch-actions.js';
import type { ReportOptions } from './report-action.js';

export interface CampaignCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** The environment the launch commands read MONGODB_URI and MONGODB_DATABASE from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const CampaignCliSettings = InfraSettings.pick({ MONGODB_URI: true, MONGODB_DATABASE: true });

/** Who is acting, for the launch's record: `--by`, else the operating-system user. */
function actor(by: string | undefined): string {
  const name = by ?? userInfo().username;
  return name.trim().slice(0, 100) || 'unknown';
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const EXIT_CODES_TEXT = `
Exit codes: 0 done; 1 findings (a file with mistakes, a launch that cannot do that now);
2 a usage mistake; 69 MongoDB away; 78 a setting missing or wrong (named). Settings come from
the environment (MONGODB_URI, MONGODB_DATABASE).`;

/** Commander's parser for --samples: checked while the line is parsed, before MongoDB. */
function sampleCount(value: string): string {
  if (!/^\d{1,3}$/.test(value)) {
    throw new InvalidArgumentError('expected a whole number from 0 to 999, e.g. 3');
  }
  return value;
}

/** Commander's parser for a price option: the form unitPrice reads, checked up front. */
function decimalPrice(value: string): string {
  if (!/^\d{1,6}(?:\.\d{1,6})?$/.test(value)) {
    throw new InvalidArgumentError('expected a decimal price, e.g. 0.0083');
  }
  return value;
}

/** The mistakes only the campaign commands make, as an exit code; others go to the caller. */
async function campaignMistake(error: unknown): Promise<number | undefined> {
  const { ReportUsageError } = await import('./report-action.js');
  const { UnreadableFile } = await import('./launch-actions.js');
  if (error instanceof ReportUsageError || error instanceof UnreadableFile) return EXIT.usage;
  return undefined;
}

/**
 * Adds `campaign` and its commands to `parent` (which they take their output, exit override and
 * suggestions from). Each sets its exit code through `exit`; a setting missing or wrong
 * (ConfigError) and MongoDB away are thrown, for the caller's one place that answers them.
 */
export function addCampaignCommand(
  parent: Command,
  io: CampaignCliIo,
  exit: (code: number) => void,
): Command {
  let exitCode: number = EXIT.ok;
  const program = parent
    .command('campaign')
    .description(
      'repayment-offer campaigns: validate, preview, launch, pause, resume, cancel, status, report',
    )
    .addHelpText('after', EXIT_CODES_TEXT)
    .hook('postAction', () => exit(exitCode));
  // The commands' own mistakes are answered here, in one line; others go to the caller.
  const answered =
    <A extends unknown[]>(action: (...args: A) => unknown) =>
    async (...args: A) => {
      try {
        await action(...args);
      } catch (error) {
        const code = await campaignMistake(error);
        if (code === undefined) throw error;
        io.stderr.write(`kindly campaign: ${(error as Error).message}\n`);
        exitCode = code;
      }
    };
  program
    .command('validate')
    .description('checks campaign files: each mistake with its line, field and what was expected')
    .argument('<files...>', 'campaign YAML files')
    .option('--json', 'one JSON line per file')
    .action(
      answered(async (files: string[], options: { json?: boolean }) => {
        const { loadCampaign } = await import('../definition/index.js');
        const { UnreadableFile } = await import('./launch-actions.js');
        for (const file of files) {
          let text: string;
          try {
            text = readFileSync(file, 'utf8');
          } catch {
            throw new UnreadableFile(`${file} cannot be read`);
          }
          const result = loadCampaign(text, file);
          if (!result.ok) exitCode = EXIT.findings;
          if (options.json) {
            io.stdout.write(
              `${JSON.stringify(result.ok ? { file, ok: true, campaignId: result.campaign.campaignId, version: result.campaign.version } : { file, ok: false, problems: result.problems })}\n`,
            );
          } else if (result.ok) {
            const c = result.campaign;
            io.stdout.write(
              `${file}: valid: ${c.campaignId} v${c.version}, ${count(c.offers.length, 'offer')}, ${count(c.variants.length, 'variant')}, holdout ${c.holdout.percent} %\n`,
            );
          } else {
            for (const message of result.messages) io.stdout.write(`${message}\n`);
          }
        }
      }),
    );
  // Each command that needs MongoDB connects when it runs (`--help` and usage mistakes need none).
  const withDb = answered(async (act: (db: Db) => Promise<number>) => {
    const settings = parseConfig(CampaignCliSettings, io.env ?? process.env);
    const mongo = { uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE };
    const { withMongo } = await import('@kindly/mongo');
    exitCode = await withMongo({ ...mongo, appName: 'kindly-campaign' }, act);
  });
  const withLaunches = (act: (actions: ReturnType<typeof launchActions>) => Promise<number>) =>
    withDb(async (db) => {
      const { createLaunchesRepository } = await import('../data-access/launches.repository.js');
      const { CAMPAIGN_ACCOUNTS } = await import('../start-campaigns.js');
      const { launchActions } = await import('./launch-actions.js');
      return act(
        launchActions({
          launches: createLaunchesRepository(db),
          io,
          now: () => new Date(),
          // One count of the accounts store: the walk looks at each account once.
          accountCount: () => db.collection(CAMPAIGN_ACCOUNTS).countDocuments({}),
        }),
      );
    });
  program
    .command('launch')
    .description('starts walking the campaign’s segment; the campaigns service hands accounts on')
    .argument('<file>', 'the campaign YAML file')
    .option('--by <name>', 'who launches it, for the record (the system user by default)')
    .option('--follow', 'shows the progress until the launch stops')
    .option('--json', 'the launch as JSON')
    .action((file: string, options: { by?: string; follow?: boolean; json?: boolean }) =>
      withLaunches((a) => a.launch(file, { ...options, by: actor(options.by) })),
    );
  for (const [name, what] of [
    ['pause', 'stops handing accounts on at the next round; resume carries on'],
    ['resume', 'carries on a paused launch where it stopped'],
    ['cancel', 'stops a launch for good'],
  ] as const) {
    const command = program
      .command(name)
      .description(what)
      .argument('<campaign-id>', 'the campaign id')
      .option('--by <name>', 'who does it, for the record (the system user by default)')
      .option('--json', 'the launch as JSON');
    if (name !== 'resume') command.requiredOption('--reason <text>', 'why, for the record');
    command.action(
      (campaignId: string, options: { by?: string; reason?: string; json?: boolean }) =>
        withLaunches((a) => a.operate(name, campaignId, { ...options, by: actor(options.by) })),
    );
  }
  program
    .command('preview')
    .description(
      'what a launch would do now, without sending: segment, left out by reason, samples',
    )
    .argument('<file>', 'the campaign YAML file')
    .option('--samples <n>', 'sample messages rendered per variant', sampleCount, '1')
    .option('--json', 'the preview as JSON')
    .action((file: string, options: { samples: string; json?: boolean }) =>
      withDb(async (db) => {
        const { campaignPreviewAction } = await import('./preview-action.js');
        const fallbackSender = (io.env ?? process.env)['RENDERER_FALLBACK_SENDER'];
        return campaignPreviewAction(db, io, file, {
          ...options,
          ...(fallbackSender ? { fallbackSender } : {}),
        });
      }),
    );
  program
    .command('report')
    .description('attribution per variant and for the holdout: paid, conversion, uplift, cost')
    .argument('<campaign-id>', 'the campaign id')
    .option('--tenant <id>', 'the bank or brand (needed when the campaign reached several)')
    .option('--csv <file>', 'also writes the report as CSV')
    .option('--html <file>', 'also writes the report as an HTML page with charts')
    .option('--json', 'the report as JSON')
    .option(
      '--sms-segment-price <price>',
      'what an SMS segment costs, in the budget currency',
      decimalPrice,
      '0.0083',
    )
    .option(
      '--letter-price <price>',
      'what a letter costs, in the budget currency',
      decimalPrice,
      '0.65',
    )
    .action((campaignId: string, options: ReportOptions) =>
      withDb(async (db) =>
        (await import('./report-action.js')).campaignReportAction(db, io, campaignId, options),
      ),
    );
  program
    .command('status')
    .description('where a launch stands: accounts walked, left out by reason, handed on, holdout')
    .argument('<campaign-id>', 'the campaign id')
    .option('--follow', 'shows the progress until the launch stops')
    .option('--json', 'the launch as JSON')
    .action((campaignId: string, options: { follow?: boolean; json?: boolean }) =>
      withLaunches((a) => a.status(campaignId, options)),
    );
  return program;
}

/** Runs `kindly campaign <argv>` alone (the tests' way in); answers its exit code. */
export async function runCampaignCommand(
  argv: readonly string[],
  io: CampaignCliIo,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const root = new Command('kindly')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  addCampaignCommand(root, io, (code) => (exitCode = code));
  try {
    await root.parseAsync(['campaign', ...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ConfigError) {
      io.stderr.write(`kindly campaign: ${error.message}\n`);
      return EXIT.settings;
    }
    // By name: the driver is loaded only by the command that connects.
    if (error instanceof Error && /^Mongo(ServerSelection|Network)Error$/.test(error.name)) {
      // The driver's message names the host and port, never the URI's credentials.
      io.stderr.write(
        `kindly campaign: MongoDB cannot be reached (${error.message.split('\n')[0]})\n`,
      );
      return EXIT.unavailable;
    }
    throw error;
  }
}
