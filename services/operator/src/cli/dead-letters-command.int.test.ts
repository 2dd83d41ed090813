import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '@kindly/config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '@kindly/contracts';
import { createKafka, type Consumer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { createDeadLettersRepository } from '../dead-letters/dead-letters.repository.js';
import { addDeadLettersCommand } from './dead-letters-command.js';

describe('kindly dead-letters, on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let consumer: Consumer;
  const seen: { topic: string; key: string | null; value: string }[] = [];

  /** `kindly dead-letters <argv>` through its commander tree, as the kindly program adds it. */
  async function deadLetters(...argv: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    let code = 0;
    const root = new Command('kindly')
      .exitOverride()
      .configureOutput({ writeOut: (t) => stdout.write(t), writeErr: (t) => stderr.write(t) });
    addDeadLettersCommand(
      root,
      {
        stdout,
        stderr,
        env: {
          KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
          MONGODB_URI: ns.infra.mongoUri,
          MONGODB_DATABASE: ns.database,
          KAFKA_TOPIC_PREFIX: ns.prefix,
        },
      },
      (exitCode) => (code = exitCode),
    );
    try {
      await root.parseAsync(['dead-letters', ...argv], { from: 'user' });
    } catch (error) {
      if (!(error instanceof CommanderError)) throw error;
      // As the kindly program answers commander: help is 0, any other refusal a usage mistake.
      code = error.exitCode === 0 ? 0 : 2;
    }
    return { code, out, err };
  }

  async function until(what: string, check: () => boolean): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-dlq-cli', eventTypes);
    consumer = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'dlq-cli-test' }).consumer({
      groupId: `${ns.prefix}watch`,
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: [ns.topic('account.overdue'), ns.topic('operator.action')],
      fromBeginning: true,
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        seen.push({
          topic,
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? '',
        });
      },
    });
  }, 120_000);

  afterAll(async () => {
    await consumer?.disconnect();
    await ns?.cleanup();
  });

  it('lists a dead letter by topic and failure, replays it once, and records the replay in the audit', async () => {
    // As the operator's keeper keeps what a service dead-lettered: the record's bytes, base64.
    const bytes = '{"payload": "not json';
    await createDeadLettersRepository(ns.mongo.db).keep({
      id: `${ns.prefix}account.overdue.v1.dlq:0:0`,
      topic: 'account.overdue.v1',
      originalTopic: ns.topic('account.overdue'),
      reason: 'MALFORMED_JSON',
      detail: 'not JSON',
      service: 'audit',
      at: '2026-03-04T12:00:00Z',
      key: 'ACC-9',
      value: Buffer.from(bytes).toString('base64'),
      headers: { 'kindly-attempts': '3' },
    });

    const listed = await deadLetters('list', '--topic', 'account.overdue.v1', '--json');
    expect(listed.code, listed.err).toBe(0);
    const [letter] = listed.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(letter).toMatchObject({ topic: 'account.overdue.v1', reason: 'MALFORMED_JSON' });
    expect(listed.out).not.toContain('not json');
    expect((await deadLetters('list', '--failure', 'SCHEMA_INVALID')).out).toBe('');

    // Without a reason for the audit: refused before anything is connected.
    expect((await deadLetters('replay', '--topic', 'account.overdue.v1')).code).toBe(2);

    const replay = await deadLetters(
      'replay',
      '--topic',
      'account.overdue.v1',
      '--failure',
      'MALFORMED_JSON',
      '--reason',
      'the bank fixed its exporter',
      '--json',
    );
    expect(replay.code, replay.err).toBe(0);
    expect(JSON.parse(replay.out)).toEqual({ replayed: 1, ids: [letter!['id']] });
    // Not a terminal: no progress bar in what a script reads.
    expect(replay.err).toBe('');

    await until(
      'the record written back and the replay recorded',
      () =>
        seen.some((m) => m.topic === ns.topic('operator.action')) &&
        seen.some((m) => m.topic === ns.topic('account.overdue')),
    );
    const again = await deadLetters('replay', '--topic', 'account.overdue.v1', '--reason', 'again');
    expect(again.code).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 2_000));

    const written = seen.filter((m) => m.topic === ns.topic('account.overdue'));
    expect(written).toEqual([{ topic: ns.topic('account.overdue'), key: 'ACC-9', value: bytes }]);
    const actions = seen
      .filter((m) => m.topic === ns.topic('operator.action'))
      .map((m) => (JSON.parse(m.value) as { payload: Record<string, unknown> }).payload);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      action: 'dead-letter.replay',
      actor: { keyId: 'cli', role: 'admin' },
      subject: { kind: 'dead-letter', id: 'account.overdue.v1' },
      reason: 'the bank fixed its exporter (1 replayed)',
    });
    const [after] = JSON.parse(
      `[${(await deadLetters('list', '--state', 'replayed', '--json')).out.trim()}]`,
    ) as Record<string, unknown>[];
    expect(after).toMatchObject({ replayedBy: 'cli' });
  }, 120_000);

  it('replays a letter whose replay stopped between its lease and its write, once the lease is stale', async () => {
    const repository = createDeadLettersRepository(ns.mongo.db);
    const letter = (offset: number) => ({
      id: `${ns.prefix}account.payment.v1.dlq:0:${offset}`,
      topic: 'account.payment.v1',
      originalTopic: ns.topic('account.payment'),
      reason: 'SCHEMA_INVALID',
      detail: 'not the schema',
      service: 'planner',
      at: `2026-03-04T12:00:0${offset}Z`,
      value: Buffer.from('{}').toString('base64'),
      headers: {},
    });
    await repository.keep(letter(1));
    await repository.keep(letter(2));
    // A replay that was killed after its leases: one long ago, one just now (still under way).
    const now = new Date();
    const iso = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(
      await repository.claimReplay(
        letter(1).id,
        'cli',
        iso(new Date(now.getTime() - 10 * 60_000)),
        iso(now),
      ),
    ).toBe(true);
    expect(await repository.claimReplay(letter(2).id, 'cli', iso(now), iso(now))).toBe(true);
    // Neither waits nor was replayed while leased.
    const waiting = await deadLetters(
      'list',
      '--topic',
      'account.payment.v1',
      '--state',
      'waiting',
    );
    expect(waiting.out).toBe('');
    const counts = (await repository.counts()).find((c) => c.topic === 'account.payment.v1');
    expect(counts).toMatchObject({ waiting: 0, replayed: 0 });

    const replay = await deadLetters(
      'replay',
      '--topic',
      'account.payment.v1',
      '--reason',
      'the schema was fixed',
      '--json',
    );
    expect(replay.code, replay.err).toBe(0);
    expect(JSON.parse(replay.out)).toEqual({ replayed: 1, ids: [letter(1).id] });
    const replayed = await deadLetters(
      'list',
      '--topic',
      'account.payment.v1',
      '--state',
      'replayed',
    );
    expect(replayed.out).toContain(letter(1).id);
    expect(replayed.out).not.toContain(letter(2).id);
  }, 120_000);

  it('refuses letters written under another KAFKA_TOPIC_PREFIX before writing anything', async () => {
    await createDeadLettersRepository(ns.mongo.db).keep({
      id: `elsewhere.account.status.v1.dlq:0:1`,
      topic: 'account.status.v1',
      originalTopic: 'elsewhere.account.status.v1',
      reason: 'SCHEMA_INVALID',
      detail: 'not the schema',
      service: 'planner',
      at: '2026-03-04T12:00:00Z',
      headers: {},
    });
    const refused = await deadLetters(
      'replay',
      '--topic',
      'account.status.v1',
      '--reason',
      'fixed',
    ).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.join()).toContain('"elsewhere."');
    expect((refused as ConfigError).problems.join()).toContain('KAFKA_TOPIC_PREFIX');
    const waiting = await deadLetters('list', '--topic', 'account.status.v1', '--state', 'waiting');
    expect(waiting.out).toContain('elsewhere.account.status.v1.dlq:0:1');
  }, 120_000);

  it('replays every --id named, even more than --limit', async () => {
    const repository = createDeadLettersRepository(ns.mongo.db);
    const ids = [7, 8, 9].map((offset) => `${ns.prefix}account.arrangement.v1.dlq:0:${offset}`);
    for (const id of ids) {
      await repository.keep({
        id,
        topic: 'account.arrangement.v1',
        originalTopic: ns.topic('account.arrangement'),
        reason: 'SCHEMA_INVALID',
        detail: 'not the schema',
        service: 'planner',
        at: '2026-03-04T12:00:00Z',
        value: Buffer.from('{}').toString('base64'),
        headers: {},
      });
    }
    const replay = await deadLetters(
      'replay',
      ...ids.flatMap((id) => ['--id', id]),
      '--limit',
      '1',
      '--reason',
      'fixed',
      '--json',
    );
    expect(replay.code, replay.err).toBe(0);
    expect((JSON.parse(replay.out) as { ids: string[] }).ids.sort()).toEqual(ids);
  }, 120_000);

  it('stops at Ctrl-C: finishes the letter under way, records, leaves the rest waiting, exits 130', async () => {
    const repository = createDeadLettersRepository(ns.mongo.db);
    const ids = Array.from(
      { length: 400 },
      (_, i) => `${ns.prefix}contact.updated.v1.dlq:0:${String(i).padStart(3, '0')}`,
    );
    for (const [i, id] of ids.entries()) {
      await repository.keep({
        id,
        topic: 'contact.updated.v1',
        originalTopic: ns.topic('contact.updated'),
        reason: 'SCHEMA_INVALID',
        detail: 'not the schema',
        service: 'planner',
        at: new Date(Date.UTC(2026, 2, 4, 12, 0, i)).toISOString(),
        value: Buffer.from('{}').toString('base64'),
        headers: {},
      });
    }
    const main = fileURLToPath(new URL('../../../kindly/src/main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--conditions=@kindly/source',
        '--import',
        'tsx',
        main,
        'dead-letters',
        'replay',
        '--topic',
        'contact.updated.v1',
        '--limit',
        '500',
        '--reason',
        'fixed',
        '--json',
      ],
      {
        env: {
          ...process.env,
          KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
          MONGODB_URI: ns.infra.mongoUri,
          MONGODB_DATABASE: ns.database,
          KAFKA_TOPIC_PREFIX: ns.prefix,
        },
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const letters = ns.mongo.db.collection('operator-dead-letters');
    const topic = { topic: 'contact.updated.v1' };
    // Ctrl-C once the replay is under way.
    const deadline = Date.now() + 60_000;
    while ((await letters.countDocuments({ ...topic, replayedAt: { $exists: true } })) === 0) {
      if (Date.now() > deadline) throw new Error('timed out waiting for the replay to start');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const outcome = JSON.parse(out) as { replayed: number; ids: string[]; stopped: boolean };
    expect(outcome.stopped).toBe(true);
    expect(outcome.replayed).toBeGreaterThan(0);
    expect(outcome.replayed).toBeLessThan(ids.length);
    // Every letter either replayed (and listed) or waiting: none left leased.
    expect(await letters.countDocuments({ ...topic, replayClaimedAt: { $exists: true } })).toBe(0);
    expect(await letters.countDocuments({ ...topic, replayedAt: { $exists: true } })).toBe(
      outcome.replayed,
    );
    await until('the stopped replay recorded', () =>
      seen.some(
        (m) =>
          m.topic === ns.topic('operator.action') &&
          m.value.includes(`fixed (${outcome.replayed} replayed)`),
      ),
    );
  }, 120_000);
});
