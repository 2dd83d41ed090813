/**
 * `kindly audit <verify|query|export|violations|anchor|anchors|expire|hold>`: the compliance
 * officer's tools over the audit store. Exit codes: 0 nothing found, 1 findings (a broken chain,
 * a violation), 2 a usage mistake, 69 MongoDB unreachable, 78 a setting missing or wrong (named).
 *
 * {@link addAuditCommand} adds the commands to the `kindly` program (its help, suggestions and
 * shell completion then know them); {@link runAuditCommand} runs them alone, for tests. What
 * a command does is loaded when it runs: `kindly --version` need not load the audit's code.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, EXIT, parseConfig } from '@kindly/config';
import type { AuditActions, CliIo } from './audit-actions.js';
import { EvidenceProblem, MissingSetting, PolicyFileProblem, UsageError } from './cli-errors.js';
import { calendarDay, ianaZone, isoInstant, positiveWholeNumber } from './option-values.js';

const EXIT_CODES_TEXT = `
Exit codes: 0 nothing found; 1 findings (a broken chain, a violation); 2 a usage mistake;
69 MongoDB away; 78 a setting missing or wrong (named). Settings come from the environment
(MONGODB_URI, MONGODB_DATABASE, AUDIT_*).`;

/** The mistakes only the audit's commands make, as an exit code; others go to the caller. */
function auditMistake(error: unknown): number | undefined {
  if (error instanceof MissingSetting) return EXIT.settings;
  if (error instanceof EvidenceProblem) return EXIT.findings;
  if (error instanceof UsageError || error instanceof PolicyFileProblem) return EXIT.usage;
  return undefined;
}

/**
 * Adds `audit` and its commands to `parent` (which they take their output, exit override and
 * suggestions from). Each sets its exit code through `exit`; a setting missing or wrong
 * (ConfigError) and MongoDB away are thrown, for the caller's one place that answers them.
 */
export function addAuditCommand(parent: Command, io: CliIo, exit: (code: number) => void): Command {
  type Action = (actions: AuditActions, options: Record<string, unknown>) => Promise<number>;
  // Each command connects when it runs (so that `--help` and usage mistakes need no MongoDB).
  // `prepare` reads what the options name (a policy file) before the settings and the store.
  type Prepare = (options: Record<string, unknown>) => Promise<Record<string, unknown>>;
  const withStore =
    (action: Action, prepare: Prepare = (o) => Promise.resolve(o)) =>
    async (given: Record<string, unknown>) => {
      try {
        const options = await prepare(given);
        const { AuditCliSettings } = await import('./cli-settings.js');
        const { withMongo } = await import('@kindly/mongo');
        const { auditActions } = await import('./audit-actions.js');
        const settings = parseConfig(AuditCliSettings, io.env);
        const mongo = { uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE };
        exit(
          await withMongo({ ...mongo, appName: 'kindly-audit' }, (db) =>
            action(auditActions(db, settings, io), options),
          ),
        );
      } catch (error) {
        const code = auditMistake(error);
        if (code === undefined) throw error;
        // A policy file's problems are FILE:LINE: lines, which editors and terminals link to.
        const text =
          error instanceof PolicyFileProblem
            ? error.message
            : `kindly audit: ${(error as Error).message}`;
        io.stderr.write(`${text}\n`);
        exit(code);
      }
    };
  // The folder of --out checked before the run (as export's is), not found missing at its end.
  const outFolderChecked: Prepare = (options) => {
    const out = options['out'];
    if (typeof out === 'string' && !existsSync(dirname(resolve(out)))) {
      return Promise.reject(new UsageError('the folder of --out does not exist'));
    }
    return Promise.resolve(options);
  };
  const program = parent
    .command('audit')
    .description(
      'the compliance audit: verify, query, export, violations, anchors, retention, holds',
    )
    .addHelpText('after', EXIT_CODES_TEXT);

  program
    .command('verify')
    .description('checks every chain and anchor; names the first broken link')
    .option('--json', 'the report as JSON')
    .option('--anchors-file <file>', 'an exported anchor file to compare with the store')
    .option(
      '--public-key <file>',
      'the key the anchor file must be signed with (PEM; with the file)',
    )
    .action(withStore((a, options) => a.verify(options)));

  const filters = (command: Command) =>
    command
      .option('--tenant <id>', 'the bank or brand')
      .option('--account <id>', 'one account')
      .option(
        '--address <address>',
        'a phone number or e-mail address (looked up by its keyed hash)',
      )
      .option('--customer <name>', 'the holder’s full name as the bank gave it (by its keyed hash)')
      .option('--from <instant>', 'occurred at or after (UTC, ISO 8601)', isoInstant)
      .option('--to <instant>', 'occurred before (UTC, ISO 8601)', isoInstant)
      .option('--local-from <date>', 'first local day (YYYY-MM-DD, with --zone)', calendarDay)
      .option('--local-to <date>', 'last local day (YYYY-MM-DD, with --zone)', calendarDay)
      .option('--zone <iana>', 'the zone of --local-from and --local-to', ianaZone)
      .option('--channel <channel>', 'sms, email, letter, agent-call')
      .option('--type <type>', 'an event type, e.g. delivery.outcome')
      .option('--template <id>', 'a template id')
      .option('--campaign <id>', 'a campaign id')
      .option('--status <status>', 'a delivery status, e.g. accepted')
      .option('--rule <code>', 'a suppression or plan reason, e.g. OUTSIDE_WINDOW')
      .option(
        '--limit <n>',
        'at most this many records (query: 1000 unless given; export: all)',
        positiveWholeNumber,
      );

  filters(program.command('query').description('records by account, address, date and more'))
    .option('--json', 'JSON lines instead of a table')
    .action(withStore((a, options) => a.query(options)));

  filters(
    program.command('export').description('records for an examiner: CSV, JSON lines or a PDF'),
  )
    .addOption(
      new Option('--format <format>', 'the file format')
        .choices(['csv', 'jsonl', 'pdf'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <file>', 'where to write it')
    .option('--customer-locale <locale>', 'PDF: the customer’s language', 'zh-CN')
    .option('--examiner-locale <locale>', 'PDF: the examiner’s language', 'en')
    .option('--with-content', 'PDF: the text sent (needs AUDIT_EVIDENCE_KEYS)')
    .action(withStore((a, options) => a.export(options)));

  program
    .command('violations')
    .description(
      're-checks every send with the audit’s own rules; lists each violation with its evidence',
    )
    .addOption(
      new Option('--format <format>', 'text, json or html')
        .choices(['text', 'json', 'html'])
        .default('text'),
    )
    .option('--out <file>', 'write the report here instead of to standard output')
    .option('--policy <file>', 'the policy file in force (the shipped one by default)')
    .option('--tenant <id>', 'one bank or brand')
    .option('--account <id>', 'one account')
    .action(
      withStore(
        (a, options) => a.violations(options),
        async (given) => {
          const options = await outFolderChecked(given);
          return {
            ...options,
            ...(typeof options['policy'] === 'string'
              ? {
                  policyDocument: (await import('./policy-file.js')).readPolicyFile(
                    options['policy'],
                  ),
                }
              : {}),
          };
        },
      ),
    );

  program
    .command('anchor')
    .description('anchors every period that has ended (the service does this on its own)')
    .action(withStore((a) => a.anchor()));

  program
    .command('anchors-export')
    .description('writes every anchor to a file signed with AUDIT_SIGNING_KEY (Ed25519)')
    .requiredOption('--out <file>', 'where to write it')
    .action(withStore((a, options) => a.exportAnchors(options), outFolderChecked));

  program
    .command('expire')
    .description('applies retention: removes what has expired (not under a hold) and records it')
    .option('--limit <n>', 'accounts examined at most', positiveWholeNumber, 10_000)
    .action(withStore((a, options) => a.expire(options)));

  const hold = program
    .command('hold')
    .description('legal holds: retention leaves a held account alone');
  hold
    .command('place')
    .requiredOption('--tenant <id>', 'the bank or brand')
    .requiredOption('--account <id>', 'the account')
    .requiredOption('--matter <ref>', 'the case or matter that needs it (a reference)')
    .requiredOption('--by <operator>', 'who places it (an operator id, not a name)')
    .action(withStore((a, options) => a.placeHold(options)));
  hold
    .command('lift')
    .requiredOption('--tenant <id>', 'the bank or brand')
    .requiredOption('--account <id>', 'the account')
    .requiredOption('--matter <ref>', 'the matter whose hold ends (others stay)')
    .requiredOption('--by <operator>', 'who lifts it (an operator id)')
    .action(withStore((a, options) => a.liftHold(options)));
  hold
    .command('list')
    .description('every account under a legal hold')
    .action(withStore((a) => a.listHolds()));

  return program;
}

/** Runs `kindly audit <argv>` alone (the tests' way in); answers its exit code. */
export async function runAuditCommand(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const root = new Command('kindly')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  addAuditCommand(root, io, (code) => (exitCode = code));
  try {
    await root.parseAsync(['audit', ...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`kindly audit: ${error.message}\n`);
      return EXIT.settings;
    }
    // By name: the driver is loaded only by the command that connects.
    if (error instanceof Error && /^Mongo(ServerSelection|Network)Error$/.test(error.name)) {
      // The driver's message names the host and port, never the URI's credentials.
      io.stderr.write(
        `kindly audit: MongoDB cannot be reached (${error.message.split('\n')[0]})\n`,
      );
      return EXIT.unavailable;
    }
    throw error;
  }
}
