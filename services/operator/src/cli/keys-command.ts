/**
 * `kindly keys create | list | revoke`: the operator API's keys on the command line, for the
 * first admin key (no key exists yet to ask the API with) and for an admin without the console.
 * A created key is printed once; only its hash is kept. Each create and revoke is recorded in
 * the audit like the API's (`operator.action`, by `cli` and the operating-system user).
 * Exit codes: 0 done, 1 nothing to revoke, 2 usage, 69 MongoDB or Kafka away, 78 settings.
 *
 * {@link addKeysCommand} adds the commands to the `kindly` program (its help, suggestions and
 * shell completion then know them); {@link runKeysCommand} runs them alone, for tests.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, EXIT } from '@kindly/config';
import { OperatorRole } from '@kindly/contracts';
import type { OperatorAction } from '../actions/action-log.js';
import { issueKey } from '../access/api-key.js';
import type { createApiKeysRepository } from '../data-access/api-keys.repository.js';
import type { OperatorCliIo } from './cli-stores.js';

export type KeysCliIo = OperatorCliIo;

const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

const EXIT_CODES_TEXT = `
Exit codes: 0 done; 1 nothing to revoke; 2 a usage mistake; 69 MongoDB or Kafka away;
78 a setting missing or wrong (named). Settings come from the environment (KAFKA_BROKERS,
MONGODB_URI, MONGODB_DATABASE, KAFKA_TOPIC_PREFIX).`;

/**
 * Adds `keys` and its commands to `parent` (which they take their output, exit override and
 * suggestions from). Each sets its exit code through `exit`; a setting missing or wrong
 * (ConfigError), MongoDB or Kafka away are thrown, for the caller's one place that answers them.
 */
export function addKeysCommand(
  parent: Command,
  io: KeysCliIo,
  exit: (code: number) => void,
): Command {
  const program = parent
    .command('keys')
    .description('the operator API’s keys, each with one role: create, list, revoke')
    .addHelpText('after', EXIT_CODES_TEXT);

  /** Runs `act` over MongoDB, recording its action in the audit through Kafka. */
  const withStores = async (
    act: (
      keys: ReturnType<typeof createApiKeysRepository>,
      record: (action: OperatorAction) => Promise<void>,
    ) => Promise<number>,
  ) => {
    // Loaded when a command runs: `kindly --version` need not load Kafka's and MongoDB's clients.
    const { withCliStores } = await import('./cli-stores.js');
    const { createApiKeysRepository } = await import('../data-access/api-keys.repository.js');
    exit(
      await withCliStores(io, 'kindly-keys', (s) => act(createApiKeysRepository(s.db), s.record)),
    );
  };

  program
    .command('create')
    .description('makes a key with a role and prints it, once')
    .addOption(
      new Option('--role <role>', 'what the key may do')
        .choices(OperatorRole.options)
        .makeOptionMandatory(),
    )
    .requiredOption('--label <text>', 'whose key it is (a team, a role), shown in the audit')
    .requiredOption('--reason <text>', 'why, for the audit')
    .option('--json', 'the key as JSON')
    .action((options: { role: OperatorRole; label: string; reason: string; json?: boolean }) =>
      withStores(async (keys, record) => {
        const label = options.label.trim().slice(0, 100);
        const reason = options.reason.trim().slice(0, 500);
        // Refused before anything is stored: a key the audit could not name is no key.
        if (label === '' || reason === '') {
          io.stderr.write('kindly keys: --label and --reason need some text\n');
          return EXIT.usage;
        }
        const issued = issueKey();
        await keys.insert({
          keyId: issued.keyId,
          label,
          role: options.role,
          secretHash: issued.secretHash,
          createdAt: instant(new Date()),
          createdBy: 'cli',
        });
        await record({
          action: 'key.create',
          subject: { kind: 'key', id: issued.keyId },
          reason,
        });
        io.stdout.write(
          options.json
            ? `${JSON.stringify({ keyId: issued.keyId, role: options.role, label, key: issued.key })}\n`
            : `${issued.key}\n`,
        );
        io.stderr.write(
          `kindly keys: ${options.role} key ${issued.keyId} made; it is shown this once (only its hash is kept)\n`,
        );
        return EXIT.ok;
      }),
    );
  program
    .command('list')
    .description('every key, live and revoked (never a secret)')
    .option('--json', 'one JSON line per key')
    .action((options: { json?: boolean }) =>
      withStores(async (keys) => {
        for (const { secretHash: _hash, ...key } of await keys.list()) {
          io.stdout.write(
            options.json
              ? `${JSON.stringify(key)}\n`
              : `${key.keyId}  ${key.role.padEnd(9)}  ${key.revokedAt ? `revoked ${key.revokedAt}` : 'live'}  ${key.label}\n`,
          );
        }
        return EXIT.ok;
      }),
    );
  program
    .command('revoke')
    .description('revokes a key: its next request is refused')
    .argument('<key-id>', 'the key id (the 12 characters after kindly_)')
    .requiredOption('--reason <text>', 'why, for the audit')
    .action((keyId: string, options: { reason: string }) =>
      withStores(async (keys, record) => {
        if (options.reason.trim() === '') {
          io.stderr.write('kindly keys: --reason needs some text\n');
          return EXIT.usage;
        }
        if (!(await keys.revoke(keyId, 'cli', instant(new Date())))) {
          io.stderr.write('kindly keys: no live key with this id\n');
          return EXIT.findings;
        }
        await record({
          action: 'key.revoke',
          subject: { kind: 'key', id: keyId },
          reason: options.reason.trim().slice(0, 500),
        });
        io.stderr.write(`kindly keys: ${keyId} revoked\n`);
        return EXIT.ok;
      }),
    );
  return program;
}

/** Runs `kindly keys <argv>` alone (the tests' way in); answers its exit code. */
export async function runKeysCommand(argv: readonly string[], io: KeysCliIo): Promise<number> {
  let exitCode: number = EXIT.ok;
  const root = new Command('kindly')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError(true);
  addKeysCommand(root, io, (code) => (exitCode = code));
  try {
    await root.parseAsync(['keys', ...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof ConfigError) {
      io.stderr.write(`kindly keys: ${error.message}\n`);
      return EXIT.settings;
    }
    // By name: the driver is loaded only by the command that connects.
    if (error instanceof Error && /^Mongo(ServerSelection|Network)Error$/.test(error.name)) {
      io.stderr.write(`kindly keys: MongoDB cannot be reached (${error.message.split('\n')[0]})\n`);
      return EXIT.unavailable;
    }
    if (error instanceof Error && error.name.startsWith('KafkaJS')) {
      io.stderr.write('kindly keys: Kafka cannot be reached\n');
      return EXIT.unavailable;
    }
    throw error;
  }
}
