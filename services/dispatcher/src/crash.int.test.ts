import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadLetterTopicOf, type AnyEvent, type EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { RndStandIn, SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DISPATCHES } from './data-access/dispatches.repository.js';
import { bankTopics } from './entry-points/dispatcher.handlers.js';
import { DISPATCHER_ACCOUNTS } from './start-dispatcher.js';
import {
  aNewYorkAccount,
  dispatcherEnv,
  renderedEvent,
  until,
  type NewYorkAccount,
} from './testing/dispatcher-fixtures.js';

const NOW = '2026-03-04T14:00:00Z';
const fixture = fileURLToPath(new URL('./testing/replica.fixture.ts', import.meta.url));

/**
 * The dispatcher runs as a child process that kills itself with SIGKILL right after a provider
 * took a message and before the dispatcher recorded it, once per channel; each restart must
 * settle the message its dead predecessor left claimed without sending anything twice.
 */
describe('a dispatcher killed between the provider call and the record', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  let rnd: RndStandIn;
  let outbox: string;
  const seen: AnyEvent[] = [];
  const deadLettered: string[] = [];
  const deadLetters = () => deadLetterTopicOf(ns.topic('outreach.rendered'));
  const outcomes = (messageId: string) =>
    seen.filter(
      (e): e is EventOf<'delivery.outcome'> =>
        e.type === 'delivery.outcome' && e.payload.messageId === messageId,
    );

  async function send(...events: (BankInput | EventOf<'outreach.rendered'>)[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.rendered'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  async function stateOf(messageId: string) {
    return (
      await ns.mongo.db
        .collection<{ _id: string; state: string }>(DISPATCHES)
        .findOne({ _id: messageId })
    )?.state;
  }

  /** Starts a dispatcher process; resolves with a promise of the signal it dies of. */
  function startChild(
    crashOn?: 'sms' | 'email' | 'letter',
    extra: Record<string, string> = {},
    smtpServer: SmtpCatcher = smtp,
  ) {
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', fixture],
      {
        env: {
          ...process.env,
          ...dispatcherEnv(
            ns,
            { twilio, smtp: smtpServer },
            {
              HEALTH_PORT: '0',
              LOG_LEVEL: 'silent',
              INSTANCE_ID: 'crashy',
              FIXED_NOW: NOW,
              DISPATCHER_LETTER_OUTBOX: outbox,
              DISPATCHER_LETTER_BATCH_SIZE: '10',
              DISPATCHER_LETTER_BATCH_MAX_AGE_MS: '600000',
              // The texts are checked: the answer must survive the crash (it is on the claim).
              RND_API_BASE_URL: rnd.url,
              RND_API_TOKEN: rnd.token,
              ...(crashOn ? { DISPATCHER_CRASH_AFTER_SEND: crashOn } : {}),
              ...extra,
            },
          ),
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    return { child, exited };
  }

  async function known(accounts: readonly NewYorkAccount[]) {
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
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('dispatcher-crash', [
      ...bankTopics,
      'outreach.rendered',
      'outreach.cancelled',
      'delivery.outcome',
    ]);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    rnd = await RndStandIn.start();
    outbox = mkdtempSync(join(tmpdir(), 'kindly-outbox-'));
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'crash-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('delivery.outcome'), deadLetters()],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ topic, message }) => {
        if (topic === deadLetters()) deadLettered.push(message.key?.toString() ?? '');
        else seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent);
      },
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    await rnd?.stop();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
    await ns?.cleanup();
  });

  it('sends nothing twice: SMS reconciled with Twilio, e-mail left uncertain, letter redone once', async () => {
    const [forSms, forEmail, forLetter] = [aNewYorkAccount(), aNewYorkAccount(), aNewYorkAccount()];
    if (!forSms || !forEmail || !forLetter) throw new Error('accounts');
    const sms = renderedEvent(forSms, 'sms');
    const email = renderedEvent(forEmail, 'email');
    const letter = renderedEvent(forLetter, 'letter');

    // 1. Dies right after Twilio took the SMS.
    let run = startChild('sms');
    await known([forSms, forEmail, forLetter]);
    await send(sms);
    expect(await run.exited).toBe('SIGKILL');
    expect(twilio.countsTo(forSms.phone)).toEqual({ requests: 1, accepted: 1 });
    expect(await stateOf(sms.payload.messageId)).toBe('sending');

    // 2. The next one finds the claim, asks Twilio, records the SMS as sent; then dies right
    //    after the SMTP server took the e-mail.
    run = startChild('email');
    await until(
      'the SMS reconciled',
      () => outcomes(sms.payload.messageId).some((o) => o.payload.status === 'accepted'),
      120_000,
    );
    await send(email);
    expect(await run.exited).toBe('SIGKILL');
    expect(smtp.messagesTo(forEmail.email)).toHaveLength(1);

    // 3. The next one cannot ask the SMTP server: the e-mail is recorded as uncertain, not resent;
    //    then it dies right after writing the letter into a print batch.
    run = startChild('letter');
    await until('the e-mail settled', () => outcomes(email.payload.messageId).length > 0, 120_000);
    await send(letter);
    expect(await run.exited).toBe('SIGKILL');

    // 4. The last one redoes the letter, which is already in the batch.
    run = startChild();
    await until(
      'the letter settled',
      () => outcomes(letter.payload.messageId).some((o) => o.payload.status === 'accepted'),
      120_000,
    );
    run.child.kill('SIGTERM');
    await run.exited;

    const [smsOutcome, ...moreSms] = outcomes(sms.payload.messageId);
    expect(moreSms).toHaveLength(0);
    expect(smsOutcome?.payload).toMatchObject({ status: 'accepted', attempt: 1 });
    // The reassigned-numbers answer the dead replica sent on, reported by the one that took over.
    const query = rnd.queries().find((q) => q.tn === forSms.phone.slice(2));
    expect(query).toBeDefined();
    expect(smsOutcome?.payload.numberCheck).toMatchObject({
      answer: 'no',
      queryId: query?.queryId,
    });
    expect(rnd.countFor(forSms.phone)).toBe(1);
    const sid = smsOutcome?.payload.providerMessageId ?? '';
    expect(twilio.message(sid)?.to).toBe(forSms.phone);
    expect(twilio.countsTo(forSms.phone)).toEqual({ requests: 1, accepted: 1 });
    expect(twilio.specViolations()).toEqual([]);

    expect(outcomes(email.payload.messageId).map((o) => o.payload)).toEqual([
      expect.objectContaining({ status: 'failed', errorCode: 'UNCERTAIN', retryable: false }),
    ]);
    expect(smtp.messagesTo(forEmail.email)).toHaveLength(1);
    expect(await stateOf(email.payload.messageId)).toBe('uncertain');

    const pdf = `${letter.payload.messageId}.pdf`;
    const batches = readdirSync(outbox).filter((dir) =>
      readdirSync(join(outbox, dir)).includes(pdf),
    );
    expect(batches).toHaveLength(1);
    expect(batches[0]).not.toMatch(/\.open$/);
    expect(outcomes(letter.payload.messageId)[0]?.payload.providerMessageId).toBe(batches[0]);
  }, 400_000);

  it('claims an e-mail only when a connection can take it: a crash leaves the waiting ones to be sent', async () => {
    // One connection to a relay that takes 3 s to answer each message: the others wait. (Ample
    // for the kill to land before the first is answered; the provider timeout is longer still.)
    const slow = await SmtpCatcher.start({ dataAnswerDelayMs: 3_000 });
    const settings = {
      SMTP_POOL_SIZE: '1',
      DISPATCHER_PROVIDER_TIMEOUT_MS: '6000',
      DISPATCHER_CLAIM_LEASE_MS: '14000',
    };
    try {
      const accounts = [aNewYorkAccount(), aNewYorkAccount(), aNewYorkAccount(), aNewYorkAccount()];
      const emails = accounts.map((account) => renderedEvent(account, 'email'));
      let run = startChild(undefined, settings, slow);
      await known(accounts);
      // Stopped while the e-mails are published, so that the next one fetches them together.
      run.child.kill('SIGTERM');
      await run.exited;
      await send(...emails);
      run = startChild(undefined, settings, slow);
      await until('the first e-mail at the relay', () => slow.messages().length >= 1, 120_000);
      run.child.kill('SIGKILL');
      await run.exited;

      // Every claim left behind is a message the relay has seen: none was claimed while waiting.
      const claimedUnseen = [];
      for (const [i, email] of emails.entries()) {
        const state = await stateOf(email.payload.messageId);
        const seenByRelay = slow.messagesTo(accounts[i]!.email).length > 0;
        if (state === 'sending' && !seenByRelay) claimedUnseen.push(email.payload.messageId);
      }
      expect(claimedUnseen).toEqual([]);

      run = startChild(undefined, settings, slow);
      await until(
        'every e-mail settled',
        () => emails.every((email) => outcomes(email.payload.messageId).length > 0),
        120_000,
      );
      run.child.kill('SIGTERM');
      await run.exited;
      // None lost, none twice: the one at the relay when the process died is recorded
      // uncertain, and the relay has it; the others were sent after the restart.
      for (const account of accounts) expect(slow.messagesTo(account.email)).toHaveLength(1);
      const states = await Promise.all(emails.map((e) => stateOf(e.payload.messageId)));
      expect(states.filter((state) => state === 'uncertain').length).toBeLessThanOrEqual(1);
      expect(states.filter((state) => state === 'sent').length).toBeGreaterThanOrEqual(3);
    } finally {
      await slow.stop();
    }
  }, 300_000);

  it('takes over a dead replica’s claim after its lease, whatever the retry schedule', async () => {
    // Retries far shorter than the lease (longer than a restart takes): before, the redeliveries
    // found the claim held, ran through the retry topic and were dead-lettered, and the SMS was
    // never sent.
    const shortRetries = {
      DISPATCHER_CLAIM_LEASE_MS: '20000',
      DISPATCHER_RETRY_DELAYS_MS: '100,200',
      DISPATCHER_MAX_ATTEMPTS: '3',
    };
    const account = aNewYorkAccount();
    const sms = renderedEvent(account, 'sms');
    const letter = renderedEvent(account, 'letter');

    let run = startChild('sms', shortRetries);
    await known([account]);
    await send(sms);
    expect(await run.exited).toBe('SIGKILL');
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 1, accepted: 1 });

    run = startChild(undefined, shortRetries);
    await until(
      'the SMS reconciled',
      () => outcomes(sms.payload.messageId).some((o) => o.payload.status === 'accepted'),
      120_000,
    );
    await send(letter);
    await until(
      'the letter accepted',
      () => outcomes(letter.payload.messageId).some((o) => o.payload.status === 'accepted'),
      120_000,
    );
    run.child.kill('SIGTERM');
    await run.exited;

    expect(outcomes(sms.payload.messageId).map((o) => o.payload.status)).toEqual(['accepted']);
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 1, accepted: 1 });
    expect(await stateOf(sms.payload.messageId)).toBe('sent');
    expect(deadLettered).toEqual([]);
  }, 200_000);
});
