/**
 * `kindly audit` over a real audit: two New York accounts kept by the service from Kafka, one
 * sent to inside the hours and one at 22:30 local. verify, violations, query by address, the
 * CSV and the PDF, usage and settings mistakes, a legal hold and retention, the signed anchors.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { deterministicId, eventTypes, type AnyEvent } from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnchorRepository } from '../data-access/anchors.repository.js';
import {
  createAuditRecordRepository,
  AUDIT_RECORDS,
} from '../data-access/audit-records.repository.js';
import { AUDIT_EVIDENCE } from '../data-access/evidence.repository.js';
import { createRetentionRepository } from '../data-access/retention.repository.js';
import { anchorPeriods } from '../domain/anchor-periods.use-case.js';
import { expireAccounts } from '../domain/expire-accounts.use-case.js';
import { loadRetentionPolicy } from '../domain/retention-policy.js';
import type { AuditBody } from '../domain/audit-body.js';
import { appendToChain } from '../domain/record-event.use-case.js';
import { verifyAuditIn } from '../audit-reports.js';
import { startAuditService, TEST_ADDRESS_KEY } from '../testing/audit-service.fixture.js';
import { NY_MOBILE, newYorkCustomer } from '../testing/recheck-fixtures.js';
import { runAuditCommand } from './audit-command.js';
import { parseKeyEncryptionKeys, seal } from '../domain/evidence-cipher.js';

const YEAR_MS = 365.25 * 24 * 3_600_000;

/** A fixture history as one account's events, with ids of its own. */
function asAccount(events: readonly AnyEvent[], accountId: string): AnyEvent[] {
  return events.map((event) => {
    const moved: unknown = {
      ...event,
      eventId: deterministicId('audit-cli-test', accountId, event.eventId),
      payload: { ...event.payload, accountId },
    };
    return moved as AnyEvent;
  });
}

describe('kindly audit', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let audit: Awaited<ReturnType<typeof startAuditService>>;
  let dir: string;
  const clean = asAccount(
    newYorkCustomer().send({ channel: 'sms', at: '2026-03-03T15:00:00Z', to: NY_MOBILE }).events,
    'acc-clean',
  );
  const late = asAccount(
    newYorkCustomer().send({ channel: 'sms', at: '2026-03-04T03:30:00Z', to: NY_MOBILE }).events,
    'acc-late',
  );
  const env = (more: Record<string, string> = {}) => ({
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    AUDIT_ADDRESS_KEY: TEST_ADDRESS_KEY,
    AUDIT_EVIDENCE_KEYS: audit.settings.AUDIT_EVIDENCE_KEYS,
    ...more,
  });
  const run = async (args: string[], extraEnv: Record<string, string | undefined> = env()) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    stdout.on('data', (c: Buffer) => out.push(c));
    stderr.on('data', (c: Buffer) => err.push(c));
    const code = await runAuditCommand(args, { stdout, stderr, env: extraEnv });
    return { code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kindly-audit-cli-'));
    ns = await provisionTestNamespace('audit-cli', eventTypes);
    producer = createProducer(
      createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'audit-cli' }),
    );
    await producer.connect();
    audit = await startAuditService(ns);
    for (const event of [...clean, ...late]) {
      await producer.send({
        topic: ns.topic(event.type),
        messages: [{ key: event.payload.accountId, value: JSON.stringify(event) }],
      });
    }
    const records = ns.mongo.db.collection(AUDIT_RECORDS);
    const deadline = Date.now() + 60_000;
    while ((await records.countDocuments()) < clean.length + late.length) {
      if (Date.now() > deadline) throw new Error('the audit did not keep every event');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });
  afterAll(async () => {
    await audit?.stop();
    await producer?.disconnect();
    await ns?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies the audit whole', async () => {
    const { code, out } = await run(['verify']);
    expect(out).toContain('verified: no alteration found');
    expect(code).toBe(0);
  });

  it('finds the send at 22:30 in New York, with its evidence, and nothing else', async () => {
    const all = await run(['violations', '--format', 'json']);
    expect(all.code).toBe(1);
    const report = JSON.parse(all.out) as {
      total: number;
      accounts: number;
      violations: {
        accountId: string;
        violation: { kind: string; send: { local: { local: string }[] } };
      }[];
    };
    expect(report).toMatchObject({ accounts: 2, total: 1 });
    expect(report.violations[0]).toMatchObject({
      accountId: 'acc-late',
      violation: { kind: 'OUTSIDE_WINDOW' },
    });
    expect(report.violations[0]!.violation.send.local[0]!.local).toMatch(/^2026-03-03T22:30:00/);
    expect((await run(['violations', '--account', 'acc-clean'])).code).toBe(0);
    const html = join(dir, 'violations.html');
    expect((await run(['violations', '--format', 'html', '--out', html])).code).toBe(1);
    expect(readFileSync(html, 'utf8')).toContain('OUTSIDE_WINDOW');
  });

  it('queries by address without printing the address', async () => {
    const { code, out } = await run(['query', '--address', NY_MOBILE, '--json']);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { accountId: string });
    expect(new Set(lines.map((l) => l.accountId))).toEqual(new Set(['acc-clean', 'acc-late']));
    expect(out).not.toContain(NY_MOBILE.slice(1));
  });

  it('queries by the customer’s name, kept only as a keyed hash', async () => {
    const { code, out } = await run(['query', '--customer', 'Jo Doe', '--json']);
    expect(code).toBe(0);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { body: { type: string } });
    expect(lines.map((l) => l.body.type)).toEqual(['contact.updated', 'contact.updated']);
    expect(out).not.toMatch(/"Doe"|Jo Doe/);
  });

  it('exports a CSV that parses, and an account’s PDF that reads back', async () => {
    const csv = join(dir, 'audit.csv');
    expect((await run(['export', '--format', 'csv', '--out', csv])).code).toBe(0);
    const rows = parse<Record<string, string>>(readFileSync(csv), { columns: true, bom: true });
    expect(rows).toHaveLength(clean.length + late.length);
    expect(
      rows.find((r) => r['type'] === 'delivery.outcome' && r['account'] === 'acc-late'),
    ).toMatchObject({
      channel: 'sms',
      status: 'accepted',
    });
    const pdf = join(dir, 'acc-late.pdf');
    const made = await run([
      'export',
      '--format',
      'pdf',
      '--account',
      'acc-late',
      '--with-content',
      '--out',
      pdf,
    ]);
    expect(made.code).toBe(0);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toMatch(/acc-late/);
    // Content re-sealed under the same id (by someone holding the keys) does not match the
    // digest the chain holds: the export stops with a finding instead of printing it.
    const evidence = ns.mongo.db.collection<{ _id: string }>(AUDIT_EVIDENCE);
    const [sealed] = await evidence.find({ accountId: 'acc-late' }).toArray();
    const keys = parseKeyEncryptionKeys(audit.settings.AUDIT_EVIDENCE_KEYS);
    const forged = seal(keys, sealed!._id, Buffer.from(JSON.stringify({ body: 'another text' })));
    await evidence.updateOne({ _id: sealed!._id }, { $set: forged });
    const altered = await run([
      'export',
      '--format',
      'pdf',
      '--account',
      'acc-late',
      '--with-content',
      '--out',
      pdf,
    ]);
    expect(altered.code).toBe(1);
    expect(altered.err).toContain('does not match the digest');
    await evidence.replaceOne({ _id: sealed!._id }, sealed!);
  });

  it('answers a mistake with its exit code and no stack', async () => {
    const typo = await run(['verfy']);
    expect(typo.code).toBe(2);
    expect(typo.err).toMatch(/Did you mean verify/);
    expect((await run(['export', '--format', 'xls', '--out', 'x'])).code).toBe(2);
    const local = await run(['query', '--local-from', '2026-03-01']);
    expect(local.code).toBe(2);
    expect(local.err).toContain('--local-from and --local-to go together');
    const missing = await run(['query', '--address', NY_MOBILE], {
      ...env(),
      AUDIT_ADDRESS_KEY: undefined,
    });
    expect(missing.code).toBe(78);
    expect(missing.err).toContain('AUDIT_ADDRESS_KEY');
    expect(missing.err).not.toContain(NY_MOBILE);
    expect((await run(['verify'], { MONGODB_URI: 'not-a-uri' })).code).toBe(78);
    const away = await run(['verify'], {
      MONGODB_URI: 'mongodb://127.0.0.1:9/?serverSelectionTimeoutMS=300',
    });
    expect(away.code).toBe(69);
    expect(away.err).toContain('MongoDB cannot be reached');
    // An anchor file without the key the bank trusts proves nothing: refused as a mistake.
    expect((await run(['verify', '--anchors-file', 'anchors.json'])).code).toBe(2);
    // Nothing is opened before the command is checked: an existing file keeps its bytes.
    const kept = join(dir, 'kept.pdf');
    writeFileSync(kept, 'an earlier export');
    expect((await run(['export', '--format', 'pdf', '--out', kept])).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('an earlier export');
    expect((await run(['export', '--format', 'csv', '--out', join(dir, 'no', 'x.csv')])).code).toBe(
      2,
    );
  });

  it('signs the anchors, and the file shows a removed anchor', async () => {
    await anchorPeriods(
      createAnchorRepository(ns.mongo.db),
      { periodMinutes: 60, graceMs: 120_000, perRound: 24 },
      Date.now() + 3 * 3_600_000,
    );
    const { privateKey, publicKey } = generateKeyPairSync('ed25519', {
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const file = join(dir, 'anchors.json');
    const keyFile = join(dir, 'anchors.pub');
    writeFileSync(keyFile, publicKey);
    expect((await run(['anchors-export', '--out', file])).code).toBe(78);
    expect(
      (await run(['anchors-export', '--out', file], env({ AUDIT_SIGNING_KEY: privateKey }))).code,
    ).toBe(0);
    expect((await run(['verify', '--anchors-file', file, '--public-key', keyFile])).code).toBe(0);
    const anchors = ns.mongo.db.collection('audit-anchors');
    const last = await anchors.find().sort({ _id: -1 }).limit(1).next();
    await anchors.deleteOne({ _id: last!._id });
    const after = await run(['verify', '--anchors-file', file, '--public-key', keyFile]);
    expect(after.code).toBe(1);
    expect(after.out).toContain('ANCHOR_MISSING_FROM_STORE');
  });
  it('keeps a held account past its retention, removes the other, and still verifies; a forged expiry shows', async () => {
    // Last in the file: it moves time ten years on, for the audit's records of it too.
    const later = Date.now() + 10 * YEAR_MS;
    const hold = (verb: string, matter: string) =>
      run([
        'hold',
        verb,
        '--tenant',
        clean[0]!.tenantId,
        '--account',
        'acc-clean',
        '--matter',
        matter,
        '--by',
        'officer-7',
      ]);
    expect((await hold('place', 'matter-2026-114')).code).toBe(0);
    expect((await hold('place', 'matter-2026-200')).code).toBe(0);
    expect((await hold('lift', 'matter-2026-114')).code).toBe(0); // the other matter still holds it
    const refused = await run([
      'hold',
      'place',
      '--tenant',
      't',
      '--account',
      'a',
      '--matter',
      'Smith v. Bank',
      '--by',
      'x',
    ]);
    expect(refused.code).toBe(2);
    const deps = {
      store: createAuditRecordRepository(ns.mongo.db),
      recordedNow: () => new Date(later),
      retention: createRetentionRepository(ns.mongo.db),
      policy: loadRetentionPolicy(),
    };
    const round = await expireAccounts(deps, later, 100);
    expect(round.expired.map((e) => e.accountId)).toEqual(['acc-late']);
    expect(round.held).toBe(1);
    const records = ns.mongo.db.collection(AUDIT_RECORDS);
    // Every record of acc-late up to the expiry lost its body; the expiry record keeps its own.
    expect(await records.countDocuments({ accountId: 'acc-late', body: { $exists: true } })).toBe(
      1,
    );
    expect(await records.countDocuments({ accountId: 'acc-clean', body: { $exists: false } })).toBe(
      0,
    );
    expect(
      await ns.mongo.db.collection(AUDIT_EVIDENCE).countDocuments({ accountId: 'acc-late' }),
    ).toBe(0);
    const verifyLater = () =>
      verifyAuditIn(ns.mongo.db, { periodMinutes: 60, graceMs: 120_000, nowMs: later });
    expect((await verifyLater()).brokenChains).toEqual([]);
    // A second run finds nothing more to do (acc-late expired, acc-clean waits for a review).
    expect((await expireAccounts(deps, later, 100)).examined).toBe(0);

    // Removed bodies without the record of their expiry: verify says so.
    const expiry = await records.findOne({ accountId: 'acc-late', type: 'audit.expired' });
    await records.deleteOne({ _id: expiry!._id });
    expect((await verifyLater()).brokenChains).toEqual([
      expect.objectContaining({ accountId: 'acc-late', seq: 1, reason: 'BODY_MISSING' }),
    ]);
    await records.insertOne(expiry!);

    // An insider erasing acc-clean now, with an expiry record of their own: not due, and held.
    const retention = createRetentionRepository(ns.mongo.db);
    const facts = await retention.facts(clean[0]!.tenantId, 'acc-clean');
    await retention.removeBodies(clean[0]!.tenantId, 'acc-clean', facts.lastSeq, new Date());
    const forged: AuditBody = {
      eventId: 'forged-expiry',
      type: 'audit.expired',
      schemaVersion: '1.0.0',
      occurredAt: new Date().toISOString(),
      correlationId: 'forged',
      causationId: null,
      payload: {
        accountId: 'acc-clean',
        throughSeq: facts.lastSeq,
        retentionClass: 'us-reg-f',
        years: 3,
        lastActivityAt: '2020-01-01T00:00:00.000Z',
      },
    };
    await appendToChain(
      { ...deps, recordedNow: () => new Date() },
      { tenantId: clean[0]!.tenantId, accountId: 'acc-clean' },
      forged.eventId,
      forged,
      [],
    );
    expect((await verifyLater()).brokenChains).toEqual([
      expect.objectContaining({ accountId: 'acc-clean', reason: 'EXPIRY_UNDER_HOLD' }),
    ]);
  });
});
