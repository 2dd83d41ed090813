/**
 * `kindly dead-letters list | replay`: the records a service could not handle, by topic and
 * failure reason (never their content), and their replay after a fix, from the command line, as
 * the operator API's `/v1/dead-letters` does it: the same repository and the same replay
 * (replayDeadLetters), recorded in the audit as `dead-letter.replay` by the command line.
 * Exit codes: 0 done, 1 nothing to replay, 2 usage, 69 MongoDB or Kafka away, 78 settings.
 */
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import { EXIT } from '@kindly/config';
import type { OperatorCliIo } from './cli-stores.js';

/** Loaded when a command runs: `kindly --version` need not load Kafka's and MongoDB's clients. */
const load = async () => ({
  ...(await import('./cli-stores.js')),
  ...(await import('./topic-prefix-check.js')),
  ...(await import('../dead-letters/dead-letters.repository.js')),
  ...(await import('../dead-letters/replay-dead-letters.js')),
  ...(await import('../dead-letters/rewrite-with.js')),
  ...(await import('@kindly/progress')),
});

const EXIT_CODES_TEXT = `
Exit codes: 0 done; 1 nothing to replay; 2 a usage mistake; 69 MongoDB or Kafka away;
78 a setting missing or wrong (named); 130 stopped (Ctrl-C: the letter under way is finished,
the rest left waiting, what was written back recorded). Settings come from the environment
(KAFKA_BROKERS, MONGODB_URI, MONGODB_DATABASE, KAFKA_TOPIC_PREFIX). A replay is recorded in the
audit, under KAFKA_TOPIC_PREFIX: letters written under another prefix are refused (78).`;

/** Exit code of a replay stopped by SIGINT or SIGTERM (128 + SIGINT's 2, as shells answer). */
const EXIT_STOPPED = 130;

/** Commander's parsers: a bad value is a usage mistake (2) before anything is connected. */
function topicName(value: string): string {
  if (!/^[a-z]+\.[a-z.-]+\.v\d+$/.test(value)) {
    throw new InvalidArgumentError('expected a topic without prefix, e.g. account.overdue.v1');
  }
  return value;
}
function failureCode(value: string): string {
  if (!/^[A-Z][A-Z_]{1,63}$/.test(value)) {
    throw new InvalidArgumentError('expected a failure reason code, e.g. MALFORMED_JSON');
  }
  return value;
}
function upTo500(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 500) {
    throw new InvalidArgumentError('expected a whole number from 1 to 500');
  }
  return Number(value);
}
function reasonText(value: string): string {
  const text = value.trim();
  if (text === '' || text.length > 400) {
    throw new InvalidArgumentError('expected why (the fix), 1 to 400 characters');
  }
  return text;
}

interface Filters {
  readonly topic?: string;
  readonly failure?: string;
  readonly limit: number;
  readonly json?: boolean;
}

/**
 * Adds `dead-letters` and its commands to `parent` (which they take their output, exit override
 * and suggestions from). Each sets its exit code through `exit`; a setting missing or wrong
 * (ConfigError), MongoDB or Kafka away are thrown, for the caller's one place that answers them.
 */
export function addDeadLettersCommand(
  parent: Command,
  io: OperatorCliIo,
  exit: (code: number) => void,
): Command {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const program = parent
    .command('dead-letters')
    .description('records a service could not handle: list them, replay them after a fix')
    .addHelpText('after', EXIT_CODES_TEXT);
  const filtered = (command: Command) =>
    command
      .option('--topic <topic>', 'those of this topic, e.g. account.overdue.v1', topicName)
      .option(
        '--failure <code>',
        'those that failed for this reason, e.g. MALFORMED_JSON',
        failureCode,
      )
      .option('--limit <n>', 'at most this many (1–500)', upTo500, 100)
      .option('--json', 'one JSON line per dead letter (list) or the outcome (replay)');

  filtered(program.command('list').description('dead letters, newest first (never their content)'))
    .addOption(
      new Option('--state <state>', 'only those waiting, or only those replayed').choices([
        'waiting',
        'replayed',
      ]),
    )
    .action(async (options: Filters & { state?: 'waiting' | 'replayed' }) => {
      const { withCliDb, createDeadLettersRepository } = await load();
      const found = await withCliDb(io, 'kindly-dead-letters', (db) =>
        createDeadLettersRepository(db).find({
          limit: options.limit,
          ...(options.topic !== undefined ? { topic: options.topic } : {}),
          ...(options.failure !== undefined ? { reason: options.failure } : {}),
          ...(options.state !== undefined ? { replayed: options.state === 'replayed' } : {}),
        }),
      );
      for (const letter of found) {
        say(
          options.json
            ? JSON.stringify(letter)
            : [
                letter.id,
                letter.topic,
                letter.reason,
                letter.at,
                letter.replayedAt
                  ? `replayed ${letter.replayedAt} by ${letter.replayedBy}`
                  : 'waiting',
              ].join('\t'),
        );
      }
      if (!options.json && found.length === 0) io.stderr.write('kindly dead-letters: none\n');
      exit(EXIT.ok);
    });

  filtered(
    program
      .command('replay')
      .description(
        'writes dead letters not yet replayed back to their topic (by id, or by topic and failure)',
      ),
  )
    .option('--id <id...>', 'these dead letters (ids as list shows them)')
    .requiredOption('--reason <text>', 'why (the fix), for the audit', reasonText)
    .action(async (options: Filters & { id?: string[]; reason: string }, command: Command) => {
      if (options.id === undefined && options.topic === undefined) {
        command.error('error: name the dead letters (--id) or their topic (--topic)', {
          exitCode: EXIT.usage,
          code: 'kindly.usage',
        });
      }
      // More ids than --limit: all of them, not silently the first --limit.
      const limit = Math.max(options.limit, options.id?.length ?? 0);
      const {
        withCliStores,
        createDeadLettersRepository,
        replayDeadLetters,
        rewriteWith,
        ReplayNotRecorded,
        progressFor,
        cliPrincipal,
        prefixMismatch,
      } = await load();
      // Ctrl-C (or a stop) ends the replay after the letter under way; the rest wait.
      let stop = false;
      const onSignal = () => {
        stop = true;
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      const written: string[] = [];
      const progress = progressFor(io.stderr, 'dead letters');
      let outcome: Awaited<ReturnType<typeof replayDeadLetters>>;
      try {
        outcome = await withCliStores(
          io,
          'kindly-dead-letters',
          ({ db, producer, actions, topicPrefix }) =>
            replayDeadLetters(
              {
                deadLetters: createDeadLettersRepository(db),
                actions,
                newActionId: randomUUID,
                leaseClock: () => new Date(),
                checkChosen: (chosen) => prefixMismatch(chosen, topicPrefix),
                rewrite: rewriteWith(producer),
              },
              {
                limit,
                reason: options.reason,
                ...(options.id !== undefined ? { ids: options.id } : {}),
                ...(options.topic !== undefined ? { topic: options.topic } : {}),
                ...(options.failure !== undefined ? { failureReason: options.failure } : {}),
              },
              cliPrincipal(),
              new Date(),
              {
                chosen: (total) => progress.start(total),
                handled: (done) => progress.update(done),
                written: (id) => written.push(id),
              },
              () => stop,
            ).finally(() => progress.stop()),
        );
      } catch (error) {
        // Those written back before the failure are named: an operator checks them.
        for (const id of written) say(id);
        if (error instanceof ReplayNotRecorded) {
          io.stderr.write(`kindly dead-letters: ${error.message} (their ids above)\n`);
          throw error.cause;
        }
        if (written.length > 0) {
          io.stderr.write(
            `kindly dead-letters: ${written.length} written back (ids above) and recorded before this failure\n`,
          );
        }
        throw error;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      if (options.json) {
        const { replayed, ids, stopped } = outcome;
        say(JSON.stringify({ replayed, ids, ...(stopped ? { stopped } : {}) }));
      } else {
        for (const id of outcome.ids) say(id);
        io.stderr.write(
          `kindly dead-letters: ${outcome.replayed} replayed${outcome.replayed === 0 ? ' (none waiting matched)' : '; recorded in the audit'}${outcome.stopped ? '; stopped: the rest still wait' : ''}\n`,
        );
      }
      exit(outcome.stopped ? EXIT_STOPPED : outcome.replayed > 0 ? EXIT.ok : EXIT.findings);
    });
  return program;
}
