import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { parseKey, secretMatches } from '../access/api-key.js';
import { createApiKeysRepository } from '../data-access/api-keys.repository.js';
import { runKeysCommand } from './keys-command.js';

describe('kindly keys, on the real broker and server', () => {
  let ns: ProvisionedNamespace;

  async function keys(...argv: string[]) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await runKeysCommand(argv, {
      stdout,
      stderr,
      env: {
        KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
        MONGODB_URI: ns.infra.mongoUri,
        MONGODB_DATABASE: ns.database,
        KAFKA_TOPIC_PREFIX: ns.prefix,
      },
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('operator-keys', eventTypes);
  }, 120_000);
  afterAll(async () => ns?.cleanup());

  it('makes the first admin key, keeps only its hash, lists and revokes it', async () => {
    const made = await keys(
      'create',
      '--role',
      'admin',
      '--label',
      'Ops admin',
      '--reason',
      'setup',
    );
    expect(made.code, made.err).toBe(0);
    const parsed = parseKey(made.out.trim());
    expect(parsed).toBeDefined();
    const stored = await createApiKeysRepository(ns.mongo.db).get(parsed!.keyId);
    expect(stored).toMatchObject({ role: 'admin', label: 'Ops admin', createdBy: 'cli' });
    expect(JSON.stringify(stored)).not.toContain(parsed!.secret);
    expect(secretMatches(parsed!.secret, stored!.secretHash)).toBe(true);
    const listed = await keys('list');
    expect(listed.out).toContain(parsed!.keyId);
    expect(listed.out).not.toContain(parsed!.secret);
    expect((await keys('revoke', parsed!.keyId, '--reason', 'left')).code).toBe(0);
    expect((await keys('revoke', parsed!.keyId, '--reason', 'again')).code).toBe(1);
  });

  it('answers a mistake with exit 2 and a suggestion, no stack trace', async () => {
    const typo = await keys('creat', '--role', 'admin');
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Did you mean create\?/);
    const badRole = await keys('create', '--role', 'root', '--label', 'x', '--reason', 'y');
    expect(badRole.code).toBe(2);
    // A blank reason or label: refused before any key is stored (the audit could not name it).
    const before = (await createApiKeysRepository(ns.mongo.db).list()).length;
    expect((await keys('create', '--role', 'admin', '--label', 'x', '--reason', ' ')).code).toBe(2);
    expect((await keys('create', '--role', 'admin', '--label', ' ', '--reason', 'y')).code).toBe(2);
    expect(await createApiKeysRepository(ns.mongo.db).list()).toHaveLength(before);
    expect(`${typo.err}${badRole.err}`).not.toMatch(/\n\s+at /);
  });
});
