import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kindlyInProcess } from '../testing/kindly-in-process.js';

const main = fileURLToPath(new URL('../main.ts', import.meta.url));
// Loading a command's code, or a child process loading TypeScript: seconds on a busy machine.
const LOADING = 60_000;
const NO_STACK = /^\s+at /m;
/** Nothing listens on ports 1 and 2 of this machine. */
const DOWN = { KAFKA_BROKERS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:2/' };

function kindly(args: string[], env: Record<string, string> = {}) {
  return spawnSync(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', main, ...args],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    },
  );
}

describe('kindly answers an operator’s mistake in one line, with its exit code', () => {
  it(
    'names the Kafka that is down, with 69, without kafkajs’ retry logs or a stack',
    () => {
      const out = join(mkdtempSync(join(tmpdir(), 'kindly-demo-')), 'runs');
      const run = spawnSync(
        process.execPath,
        [
          '--conditions=@kindly/source',
          '--import',
          'tsx',
          main,
          'demo',
          '--accounts',
          '5',
          '--out',
          out,
        ],
        { encoding: 'utf8', env: { ...process.env, ...DOWN } },
      );
      expect(run.status, run.stderr).toBe(69);
      expect(run.stderr.trim().split('\n')).toEqual([
        'kindly: Kafka cannot be reached at 127.0.0.1:1 (refused the connection: nothing listens there)',
      ]);
      expect(run.stdout).not.toContain('kafkajs');
    },
    LOADING,
  );

  it(
    'names MongoDB when it is the one down',
    async () => {
      const { code, err } = await kindlyInProcess(['demo', '--accounts', '5', '--out', tmpdir()], {
        ...DOWN,
        KAFKA_BROKERS: '127.0.0.1:1,127.0.0.1:3',
      }).then(async (kafkaDown) => {
        expect(kafkaDown.code).toBe(69);
        // A broker that answers: any listening port stands for one here.
        const { createServer } = await import('node:net');
        const server = createServer().listen(0, '127.0.0.1');
        await new Promise((resolve) => server.once('listening', resolve));
        const port = (server.address() as { port: number }).port;
        try {
          return await kindlyInProcess(['demo', '--out', tmpdir()], {
            ...DOWN,
            KAFKA_BROKERS: `127.0.0.1:${port}`,
          });
        } finally {
          server.close();
        }
      });
      expect(code).toBe(69);
      expect(err).toBe(
        'kindly: MongoDB cannot be reached at 127.0.0.1:2 (refused the connection: nothing listens there)\n',
      );
    },
    LOADING,
  );

  it(
    'names a setting that does not parse and what it expects, with 78',
    async () => {
      const { code, err } = await kindlyInProcess(['demo', '--accounts', '5'], {
        ...DOWN,
        KAFKA_BROKERS: 'localhost',
      });
      expect(code).toBe(78);
      expect(err).toContain('KAFKA_BROKERS: must be host:port');
      expect(err).not.toMatch(/NaN|\n.+\n/);
      expect(err).not.toMatch(NO_STACK);
    },
    LOADING,
  );

  it(
    'checks option values while parsing, before any setting: exit 2 naming the option',
    async () => {
      for (const [args, option, expected] of [
        [['audit', 'query', '--limit', 'abc'], '--limit', 'a whole number above 0'],
        [
          ['audit', 'export', '--format', 'csv', '--out', 'x', '--from', 'yesterday'],
          '--from',
          'ISO 8601',
        ],
        [['audit', 'query', '--local-from', '2026-13-01'], '--local-from', 'YYYY-MM-DD'],
        [['audit', 'query', '--zone', 'Mars/Base'], '--zone', 'IANA time zone'],
        [['audit', 'expire', '--limit', '0'], '--limit', 'a whole number above 0'],
        [
          ['render', '--template', 'reminder-friendly-sms', '--sample', '--max-segments', 'abc'],
          '--max-segments',
          'whole number',
        ],
        [['campaign', 'preview', 'c.yaml', '--samples', 'abc'], '--samples', 'whole number'],
        [['campaign', 'report', 'c1', '--letter-price', '1,5'], '--letter-price', 'decimal price'],
        [['dead-letters', 'list', '--limit', '501'], '--limit', 'from 1 to 500'],
      ] as const) {
        // No MONGODB_URI at all: the mistake is the value, not the environment.
        const { code, err } = await kindlyInProcess([...args]);
        expect(code, args.join(' ')).toBe(2);
        expect(err).toContain(`option '${option}`);
        expect(err).toContain(expected);
        expect(err).not.toContain('MONGODB_URI');
      }
    },
    LOADING,
  );

  it(
    'names each mistake of a --policy file with its line, before MongoDB, with 2',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kindly-policy-'));
      const missing = await kindlyInProcess([
        'audit',
        'violations',
        '--policy',
        join(dir, 'no.yaml'),
      ]);
      expect(missing).toMatchObject({ code: 2, out: '' });
      expect(missing.err).toBe(`${join(dir, 'no.yaml')}: cannot read it: no such file\n`);
      const broken = join(dir, 'broken.yaml');
      writeFileSync(broken, 'version: 1\njurisdictions:\n  default: {}\n  default: {}\n');
      const yaml = await kindlyInProcess(['audit', 'violations', '--policy', broken]);
      expect(yaml.code).toBe(2);
      expect(yaml.err).toMatch(new RegExp(`^${broken}:4: .*unique`));
      const wrong = join(dir, 'wrong.yaml');
      writeFileSync(
        wrong,
        'version: 1\njurisdictions:\n  default:\n    contact:\n      hours: nope\n',
      );
      const field = await kindlyInProcess(['audit', 'violations', '--policy', wrong]);
      expect(field.code).toBe(2);
      expect(field.err).toMatch(
        new RegExp(`^${wrong}:5: jurisdictions\\.default\\.contact\\.hours: `, 'm'),
      );
      expect(`${yaml.err}${field.err}`).not.toMatch(NO_STACK);
    },
    LOADING,
  );

  it(
    'completes, suggests and documents the audit, campaign, keys and dead-letters commands',
    async () => {
      // The completion is written to the process's own standard output: a child process.
      expect(kindly(['complete', '--', 'audit', 've']).stdout).toMatch(/^verify\t/m);
      expect(kindly(['complete', '--', 'dead-letters', 're']).stdout).toMatch(/^replay\t/m);
      expect(kindly(['complete', '--', 'campaign', 'preview', 'c.yaml', '--sam']).stdout).toContain(
        '--samples',
      );
      const typo = await kindlyInProcess(['keys', 'creat']);
      expect(typo.code).toBe(2);
      expect(typo.err).toContain('(Did you mean create?)');
      for (const command of ['audit', 'campaign', 'keys', 'dead-letters']) {
        const help = await kindlyInProcess([command, '--help']);
        expect(help.code).toBe(0);
        expect(help.out).toMatch(new RegExp(`^Usage: kindly ${command} `));
        expect(help.out).toContain('Exit codes: 0 ');
        expect(help.out).toMatch(/78 a setting missing or wrong/);
      }
      const root = await kindlyInProcess(['--help']);
      expect(root.out).toMatch(/^\s+dead-letters /m);
    },
    LOADING,
  );

  it(
    'asks a replay for the dead letters to replay and why, before anything is connected',
    async () => {
      const noWhich = await kindlyInProcess(['dead-letters', 'replay', '--reason', 'fixed']);
      expect(noWhich.code).toBe(2);
      expect(noWhich.err).toContain('name the dead letters (--id) or their topic (--topic)');
      const noWhy = await kindlyInProcess([
        'dead-letters',
        'replay',
        '--topic',
        'account.overdue.v1',
      ]);
      expect(noWhy.code).toBe(2);
      expect(noWhy.err).toContain("required option '--reason <text>' not specified");
    },
    LOADING,
  );

  it(
    'runs npm run plan as kindly plan, so that it has the same help and mistakes',
    async () => {
      const root = new URL('../../../../package.json', import.meta.url);
      const scripts = (
        JSON.parse(readFileSync(root, 'utf8')) as { scripts: Record<string, string> }
      ).scripts;
      expect(scripts['plan']).toMatch(/ && node services\/kindly\/dist\/main\.js plan$/);
      const help = await kindlyInProcess(['plan', '--help']);
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/^Usage: kindly plan \[options\]/);
    },
    LOADING,
  );

  it(
    'answers a malformed port, TLS option or unescaped @ in a setting with 78, never a stack',
    async () => {
      const settings = [
        { MONGODB_URI: 'mongodb://127.0.0.1:99999/' },
        { MONGODB_URI: 'mongodb://127.0.0.1:2/?tls=maybe' },
        { MONGODB_URI: 'mongodb://kindly:p@ss@127.0.0.1:2/' },
        { KAFKA_BROKERS: '127.0.0.1:99999' },
      ];
      for (const setting of settings) {
        const replay = ['dead-letters', 'replay', '--topic', 'account.overdue.v1', '--reason', 'r'];
        for (const args of [replay, ['doctor']]) {
          const { code, err } = await kindlyInProcess(args, { ...DOWN, ...setting });
          expect(code, `${args[0]} ${JSON.stringify(setting)}: ${err}`).toBe(78);
          expect(err).not.toMatch(NO_STACK);
          expect(err).not.toContain('p@ss');
        }
      }
      // What the settings' check lets through and the driver refuses: still one line and 78.
      const driver = await kindlyInProcess(['dead-letters', 'list'], {
        ...DOWN,
        MONGODB_URI: 'mongodb://127.0.0.1:2/?authMechanism=NONE-SUCH',
      });
      expect(driver.code, driver.err).toBe(78);
      expect(driver.err).toMatch(/^kindly: a setting is missing or wrong: MONGODB_URI/);
      // And as a process: exit code 78 and one line.
      const run = kindly(
        ['dead-letters', 'replay', '--topic', 'account.overdue.v1', '--reason', 'r'],
        {
          ...DOWN,
          KAFKA_BROKERS: '127.0.0.1:99999',
        },
      );
      expect(run.status, run.stderr).toBe(78);
      expect(run.stderr).toContain('KAFKA_BROKERS');
      expect(run.stderr).not.toMatch(NO_STACK);
    },
    LOADING,
  );

  it(
    'turns a port Node refuses at once into a finding of the TCP probe',
    async () => {
      const { probeTcp } = await import('../doctor/tcp-probe.js');
      expect(await probeTcp({ host: '127.0.0.1', port: 99999 }, 1000)).toEqual({
        address: '127.0.0.1:99999',
        reason: 'not a port one can connect to (1–65535)',
      });
    },
    LOADING,
  );
});
