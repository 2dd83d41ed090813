import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import type { AnyEvent, EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { manifestCsv } from './channels/print-vendor.letter-sender.js';
import { bankTopics } from './entry-points/dispatcher.handlers.js';
import { DISPATCHER_ACCOUNTS } from './start-dispatcher.js';
import {
  aNewYorkAccount,
  dispatcherEnv,
  renderedEvent,
  startReplica,
  until,
  type NewYorkAccount,
} from './testing/dispatcher-fixtures.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the sending window for another hour and more.
const NOW = '2026-03-04T14:00:00Z';
const HOUR_MS = 3_600_000;
const fixture = fileURLToPath(new URL('./testing/replica.fixture.ts', import.meta.url));

/**
 * Print batches are never left unsealed: the dispatcher seals its open batch when it stops,
 * seals by age on the service's clock (the simulated one in the demo), and on start seals the
 * batches that any replica which is gone left open, once, even when two replicas start together.
 */
describe('print batches on the real broker and server', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  const outboxes: string[] = [];
  const seen: AnyEvent[] = [];

  const newOutbox = () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-batches-'));
    outboxes.push(dir);
    return dir;
  };
  const env = (outbox: string, instance: string, maxAgeMs = HOUR_MS) =>
    dispatcherEnv(
      ns,
      { twilio, smtp },
      {
        INSTANCE_ID: instance,
        DISPATCHER_LETTER_OUTBOX: outbox,
        DISPATCHER_LETTER_BATCH_SIZE: '50',
        DISPATCHER_LETTER_BATCH_MAX_AGE_MS: String(maxAgeMs),
      },
    );
  /** Folders of the outbox, the leases' folder aside. */
  const folders = (outbox: string) =>
    readdirSync(outbox)
      .filter((name) => name !== '.leases')
      .sort();
  const filesOf = (dir: string) => readdirSync(dir).sort();

  async function send(...events: (BankInput | EventOf<'outreach.rendered'>)[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.rendered'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** Sends letters to new accounts; resolves with the batch each went into, once accepted. */
  async function lettersAccepted(count: number): Promise<{ batch: string; pdfs: string[] }> {
    const accounts = Array.from({ length: count }, () => aNewYorkAccount());
    await send(...accounts.flatMap((a) => a.events));
    await until(
      'the accounts folded in',
      async () =>
        (await ns.mongo.db
          .collection<{ _id: string }>(DISPATCHER_ACCOUNTS)
          .countDocuments({ _id: { $in: accounts.map((a) => `bank-1:${a.accountId}`) } })) ===
        accounts.length,
      120_000,
    );
    const letters = accounts.map((a: NewYorkAccount) => renderedEvent(a, 'letter'));
    await send(...letters);
    const batches = new Set<string>();
    for (const letter of letters) {
      await until('the letter accepted', () =>
        seen.some(
          (e) =>
            e.type === 'delivery.outcome' &&
            e.payload.messageId === letter.payload.messageId &&
            e.payload.status === 'accepted',
        ),
      );
      const accepted = seen.find(
        (e): e is EventOf<'delivery.outcome'> =>
          e.type === 'delivery.outcome' &&
          e.payload.messageId === letter.payload.messageId &&
          e.payload.status === 'accepted',
      );
      batches.add(accepted?.payload.providerMessageId ?? '');
    }
    expect(batches.size).toBe(1);
    return {
      batch: [...batches][0] ?? '',
      pdfs: letters.map((l) => `${l.payload.messageId}.pdf`),
    };
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('dispatcher-batches', [
      ...bankTopics,
      'outreach.rendered',
      'outreach.cancelled',
      'delivery.outcome',
    ]);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'batches-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({ topics: [ns.topic('delivery.outcome')], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    for (const dir of outboxes) rmSync(dir, { recursive: true, force: true });
    await ns?.cleanup();
  });

  it('seals the open batch, PDFs and manifest, when the dispatcher stops', async () => {
    const outbox = newOutbox();
    const replica = await startReplica({
      clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
      owner: 'stopping',
      env: env(outbox, 'stopping'),
    });
    let stopped = false;
    try {
      const { batch, pdfs } = await lettersAccepted(2);
      expect(folders(outbox)).toEqual([`${batch}.open`]);
      await replica.stop();
      stopped = true;
      expect(folders(outbox)).toEqual([batch]);
      expect(filesOf(join(outbox, batch))).toEqual(['manifest.csv', ...pdfs].sort());
      expect(readdirSync(join(outbox, '.leases'))).toEqual([]);
    } finally {
      if (!stopped) await replica.stop();
    }
  });

  it('seals a batch by age when the service clock passes the maximum age, not the real one', async () => {
    const outbox = newOutbox();
    const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));
    const replica = await startReplica({ clock, owner: 'ageing', env: env(outbox, 'ageing') });
    try {
      const { batch, pdfs } = await lettersAccepted(1);
      // Real time passes (several of the timer's rounds): the batch is young on the service clock.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(folders(outbox)).toEqual([`${batch}.open`]);
      clock.advance({ minutes: 61 });
      await until('the batch sealed by age', () => existsSync(join(outbox, batch)), 10_000);
      expect(folders(outbox)).toEqual([batch]);
      expect(filesOf(join(outbox, batch))).toEqual(['manifest.csv', ...pdfs].sort());
    } finally {
      await replica.stop();
    }
  });

  it('seals, once, the batches gone replicas of other names left open, when two replicas start together', async () => {
    const outbox = newOutbox();
    // As a replica killed mid-batch leaves it: two letters in the manifest, a third PDF written
    // without its row (its message is redone), a temporary file, and a lease that ran out.
    const crashed = 'dispatcher-gone-20260304135000-a1b2c3';
    const dir = join(outbox, `${crashed}.open`);
    mkdirSync(dir, { recursive: true });
    const row = (messageId: string) => ({
      messageId,
      name: { family: 'Doe', given: 'Jane' },
      address: {
        lines: ['350 Fifth Avenue'],
        city: 'New York',
        postalCode: '10118',
        country: 'US',
      },
      pages: 1,
      contentHash: 'a'.repeat(64),
    });
    for (const id of ['m-1', 'm-2', 'm-3']) writeFileSync(join(dir, `${id}.pdf`), `%PDF ${id}`);
    writeFileSync(join(dir, 'manifest.csv'), manifestCsv([row('m-1'), row('m-2')]));
    writeFileSync(join(dir, 'manifest.csv.tmp'), 'half');
    mkdirSync(join(outbox, '.leases'));
    writeFileSync(
      join(outbox, '.leases', `${crashed}.json`),
      JSON.stringify({
        batchId: crashed,
        instance: 'dispatcher-gone',
        owner: 'dispatcher-gone:dead',
        until: Date.now() - 1,
      }),
    );
    // And one from before leases existed: no lease at all.
    const legacy = 'dispatcher-old-20260304130000-1';
    mkdirSync(join(outbox, `${legacy}.open`));
    writeFileSync(join(outbox, `${legacy}.open`, 'm-4.pdf'), '%PDF m-4');
    writeFileSync(join(outbox, `${legacy}.open`, 'manifest.csv'), manifestCsv([row('m-4')]));

    const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));
    const replicas = await Promise.all(
      ['b', 'c'].map((name) => startReplica({ clock, owner: name, env: env(outbox, name) })),
    );
    try {
      expect(folders(outbox)).toEqual([crashed, legacy].sort());
      expect(filesOf(join(outbox, crashed))).toEqual(['m-1.pdf', 'm-2.pdf', 'manifest.csv']);
      expect(filesOf(join(outbox, legacy))).toEqual(['m-4.pdf', 'manifest.csv']);
      expect(readdirSync(join(outbox, '.leases'))).toEqual([]);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
    }
  });

  it('seals on start the batch a replica killed with SIGKILL left open, under another name', async () => {
    const outbox = newOutbox();
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', fixture],
      {
        env: {
          ...process.env,
          ...env(outbox, 'killed'),
          HEALTH_PORT: '0',
          LOG_LEVEL: 'silent',
          FIXED_NOW: NOW,
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    const { batch, pdfs } = await lettersAccepted(2);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(folders(outbox)).toEqual([`${batch}.open`]);
    // Its lease (DISPATCHER_CLAIM_LEASE_MS) runs out; then a replica of another name starts.
    const leaseMs = Number(env(outbox, 'killed')['DISPATCHER_CLAIM_LEASE_MS']);
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 200));
    const replica = await startReplica({
      clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
      owner: 'successor',
      env: env(outbox, 'successor'),
    });
    try {
      expect(folders(outbox)).toEqual([batch]);
      expect(filesOf(join(outbox, batch))).toEqual(['manifest.csv', ...pdfs].sort());
    } finally {
      await replica.stop();
    }
    expect(folders(outbox)).toEqual([batch]);
  }, 120_000);
});
