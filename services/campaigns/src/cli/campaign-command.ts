/**
 * `kindly campaign <validate|preview|launch|pause|resume|cancel|status|report>`: checks campaign files before
 * anyone launches them (every mistake with its file, line, field and what was expected), and
 * starts and steers launches, which the campaigns service walks. Exit codes as `kindly audit`'s:
 * 0 done, 1 findings (a file with mistakes, a launch that cannot do that now), 2 a usage
 * mistake, 69 MongoDB unreachable, 78 a setting missing or wrong (named).
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { Command, CommanderError } from 'commander';
import { ConfigError, EXIT, InfraSettings, parseConfig } from '@kindly/config';
import { MongoNetworkError, MongoServerSelectionError, withMongo, type Db } from '@kindly/mongo';
import { createLaunchesRepository } from '../data-access/launches.repository.js';
import { CAMPAIGN_ACCOUNTS } from '../start-campaigns.js';
import { loadCampaign } from '../definition/index.js';
import { launchActions, UnreadableFile } from './launch-actions.js';
import { campaignPreviewAction } from './preview-action.js';
import { campaignReportAction, ReportUsageError, type ReportOptions } from './report-action.js';

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

export async function runCampaignCommand(
  argv: readonly string[],
  io: CampaignCliIo,
): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('kindly campaign')
    .description('repayment-offer campaigns as data')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  program
    .command('validate')
    .description('checks campaign files: each mistake with its line, field and what was expected')
    .argument('<files...>', 'campaign YAML files')
    .option('--json', 'one JSON line per file')
    .action((files: string[], options: { json?: boolean }) => {
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
    });
  // Each command that needs MongoDB connects when it runs (`--help` and usage mistakes need none).
  const withDb = async (act: (db: Db) => Promise<number>) => {
    const settings = parseConfig(CampaignCliSettings, io.env ?? process.env);
    const mongo = { uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE };
    exitCode = await withMongo({ ...mongo, appName: 'kindly-campaign' }, act);
  };
  const withLaunches = (act: (actions: ReturnType<typeof launchActions>) => Promise<number>) =>
    withDb((db) =>
      act(
        launchActions({
          launches: createLaunchesRepository(db),
          io,
          now: () => new Date(),
          // One count of the accounts store: the walk looks at each account once.
          accountCount: () => db.collection(CAMPAIGN_ACCOUNTS).countDocuments({}),
        }),
      ),
    );
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
    .option('--samples <n>', 'sample messages rendered per variant', '1')
    .option('--json', 'the preview as JSON')
    .action((file: string, options: { samples: string; json?: boolean }) =>
      withDb((db) => {
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
      '0.0083',
    )
    .option('--letter-price <price>', 'what a letter costs, in the budget currency', '0.65')
    .action((campaignId: string, options: ReportOptions) =>
      withDb((db) => campaignReportAction(db, io, campaignId, options)),
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
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ReportUsageError) {
      io.stderr.write(`kindly campaign: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof UnreadableFile) {
      io.stderr.write(`kindly campaign: ${error.message}\n`);
      return EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`kindly campaign: ${error.message}\n`);
      return EXIT.settings;
    }
    if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) {
      // The driver's message names the host and port, never the URI's credentials.
      io.stderr.write(
        `kindly campaign: MongoDB cannot be reached (${error.message.split('\n')[0]})\n`,
      );
      return EXIT.unavailable;
    }
    throw error;
  }
}
