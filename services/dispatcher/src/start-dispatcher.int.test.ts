import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { newEventId, sampleEvents, type AnyEvent, type EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { SmtpCatcher, TwilioStandIn, twilioScenarios, verifyDkim } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { DISPATCHES } from './data-access/dispatches.repository.js';
import { bankTopics } from './entry-points/dispatcher.handlers.js';
import { DISPATCHER_ACCOUNTS } from './start-dispatcher.js';
import {
  aDkimKey,
  aNewYorkAccount,
  dispatcherEnv,
  renderedEvent,
  startReplica,
  until,
  type NewYorkAccount,
} from './testing/dispatcher-fixtures.js';

// Wednesday 2026-03-04, 09:00 in New York (EST): inside the 08:00–21:00 window.
const NOW = '2026-03-04T14:00:00Z';
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });

describe('the dispatcher service, on the real broker and server, against the stand-ins', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  let outbox: string;
  let replica: Awaited<ReturnType<typeof startReplica>> | undefined;
  const dkim = aDkimKey();
  const clock = new ManualClock(utc(NOW));
  const seen: AnyEvent[] = [];

  const outcomes = (messageId: string) =>
    seen.filter(
      (e): e is EventOf<'delivery.outcome'> =>
        e.type === 'delivery.outcome' && e.payload.messageId === messageId,
    );
  // The revocations the dispatcher published (the topic also has the bank's grants).
  const revocations = (accountId: string) =>
    seen.filter(
      (e): e is EventOf<'contact.consent'> =>
        e.type === 'contact.consent' &&
        e.payload.accountId === accountId &&
        e.payload.status === 'revoked',
    );

  async function send(...events: (BankInput | EventOf<'outreach.rendered'>)[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.rendered'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** Sends the account's facts and waits until the dispatcher folded them in. */
  async function known(account: NewYorkAccount, version = account.events.length) {
    await send(...account.events);
    await folded(account, version);
  }
  async function folded(account: NewYorkAccount, version: number) {
    await until(`account ${account.accountId} at version ${version}`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(DISPATCHER_ACCOUNTS)
        .findOne({ _id: `bank-1:${account.accountId}` });
      return (doc?.version ?? 0) >= version;
    });
  }
  const finalOutcome = async (messageId: string, status: 'accepted' | 'failed') => {
    await until(`a final ${status} outcome`, () =>
      outcomes(messageId).some(
        (o) => o.payload.status === status && (status === 'accepted' || !o.payload.retryable),
      ),
    );
    return outcomes(messageId).find((o) => o.payload.status === status && !o.payload.retryable);
  };

  beforeAll(async () => {
    ns = await provisionTestNamespace('dispatcher', [
      ...bankTopics,
      'outreach.rendered',
      'outreach.cancelled',
      'delivery.outcome',
    ]);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    outbox = mkdtempSync(join(tmpdir(), 'kindly-outbox-'));
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'dispatcher-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('delivery.outcome'), ns.topic('contact.consent')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
    replica = await startReplica({
      clock,
      owner: 'dispatcher-a',
      env: dispatcherEnv(
        ns,
        { twilio, smtp },
        {
          DKIM_DOMAIN: 'bank.example',
          DKIM_SELECTOR: 'kindly',
          DKIM_PRIVATE_KEY: dkim.privateKey,
          DISPATCHER_LETTER_OUTBOX: outbox,
          DISPATCHER_LETTER_BATCH_SIZE: '2',
          DISPATCHER_LETTER_BATCH_MAX_AGE_MS: '600000',
          INSTANCE_ID: 'dispatcher-a',
        },
      ),
    });
  });
  afterAll(async () => {
    await replica?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    if (outbox) rmSync(outbox, { recursive: true, force: true });
    await ns?.cleanup();
  });

  it('sends an SMS through Twilio once and reports it accepted with the SID and the number', async () => {
    const account = aNewYorkAccount();
    await known(account);
    const rendered = renderedEvent(account, 'sms');
    await send(rendered);
    const accepted = await finalOutcome(rendered.payload.messageId, 'accepted');
    const sid = accepted?.payload.providerMessageId ?? '';
    expect(sid).toMatch(/^SM[0-9a-f]{32}$/);
    // The outcome is the record of the send: the audit service keeps it (the number as a keyed
    // hash) from this event alone, so it names the number the provider was given and the SID.
    expect(accepted?.payload).toEqual({
      accountId: account.accountId,
      messageId: rendered.payload.messageId,
      attempt: 1,
      channel: 'sms',
      provider: 'twilio',
      at: NOW,
      status: 'accepted',
      providerMessageId: sid,
      retryable: false,
      to: account.phone,
    });
    expect(accepted?.tenantId).toBe('bank-1');
    expect(accepted?.causationId).toBe(rendered.eventId);
    const { payload } = rendered;
    expect(twilio.message(sid)?.body).toBe(payload.channel === 'sms' ? payload.content.body : '');
    // The status callback names the message for the tracker.
    const callback = new URL(twilio.message(sid)?.statusCallback ?? 'http://none');
    expect(Object.fromEntries(callback.searchParams)).toEqual({
      messageId: rendered.payload.messageId,
      accountId: account.accountId,
      tenantId: 'bank-1',
      attempt: '1',
    });
    expect(twilio.specViolations()).toEqual([]);

    // The same rendered event again: nothing is sent twice.
    await send(rendered);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 1, accepted: 1 });
    expect(new Set(outcomes(rendered.payload.messageId).map((o) => o.eventId)).size).toBe(1);
  });

  it('sends an e-mail with text and HTML parts, unsubscribe headers and a DKIM signature that holds', async () => {
    const account = aNewYorkAccount();
    await known(account);
    const rendered = renderedEvent(account, 'email', { purpose: 'servicing' });
    await send(rendered);
    const accepted = await finalOutcome(rendered.payload.messageId, 'accepted');
    expect(accepted?.payload).toMatchObject({
      channel: 'email',
      provider: 'smtp',
      providerMessageId: `${rendered.payload.messageId}@bounces.bank.example`,
      to: account.email,
    });
    const [mail, ...others] = smtp.messagesTo(account.email);
    expect(others).toHaveLength(0);
    expect(mail?.mailFrom).toBe(`bounces+${rendered.payload.messageId}@bounces.bank.example`);
    expect(mail?.parsed.text).toContain('3 days past due');
    expect(mail?.parsed.html).toContain('<a href="https://kindly.example/pay">');
    expect(mail?.header('List-Unsubscribe')).toBe(
      rendered.payload.channel === 'email'
        ? rendered.payload.content.headers['List-Unsubscribe']
        : '',
    );
    expect(mail?.header('X-Kindly-Message-Id')).toBe(rendered.payload.messageId);
    expect(mail?.header('Message-ID')).toBe(`<${rendered.payload.messageId}@bounces.bank.example>`);
    const verified = verifyDkim(mail?.raw ?? '', dkim.publicKey);
    expect(verified.problem).toBeUndefined();
    expect(verified.valid).toBe(true);
    expect(verified.signedHeaders).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'from', 'subject', 'message-id']),
    );
    expect(mail?.header('List-Unsubscribe-Post')).toBeUndefined(); // servicing: no one-click
  });

  it('signs List-Unsubscribe-Post on a marketing e-mail', async () => {
    const account = aNewYorkAccount();
    await known(account);
    // Marketing e-mail needs its own consent under the policy.
    const consent: EventOf<'contact.consent'> = {
      ...sampleEvents['contact.consent'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-02-02T00:00:00Z',
      payload: {
        accountId: account.accountId,
        channel: 'email',
        address: account.email,
        purpose: 'marketing',
        status: 'granted',
        basis: 'express-consent',
        source: 'web',
        at: '2026-02-02T00:00:00Z',
      },
    };
    await send(consent);
    await folded(account, account.events.length + 1);
    const rendered = renderedEvent(account, 'email', { purpose: 'marketing' });
    await send(rendered);
    await finalOutcome(rendered.payload.messageId, 'accepted');
    const [mail] = smtp.messagesTo(account.email);
    expect(mail?.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const verified = verifyDkim(mail?.raw ?? '', dkim.publicKey);
    expect(verified.valid).toBe(true);
    expect(verified.signedHeaders).toEqual(
      expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post']),
    );
  });

  it('puts letters into a print batch with its manifest, sealed when full', async () => {
    const accounts = [aNewYorkAccount(), aNewYorkAccount()];
    for (const account of accounts) await known(account);
    const letters = accounts.map((a) => renderedEvent(a, 'letter'));
    await send(...letters);
    const batchIds = await Promise.all(
      letters.map(
        async (l) =>
          (await finalOutcome(l.payload.messageId, 'accepted'))?.payload.providerMessageId,
      ),
    );
    expect(new Set(batchIds).size).toBe(1);
    // A letter's outcome names its postal address on one line (postalAddressText).
    const first = outcomes(letters[0]!.payload.messageId).find(
      (o) => o.payload.status === 'accepted',
    );
    expect(first?.payload).toMatchObject({
      channel: 'letter',
      provider: 'print',
      providerMessageId: batchIds[0],
      to: 'US|10118|New York|350 Fifth Avenue|Apt 12',
    });
    const batch = join(outbox, batchIds[0] ?? '');
    // Sealed: the folder was renamed from `<batchId>.open` once it held two letters.
    await until('the batch sealed', () => existsSync(batch));
    expect(existsSync(`${batch}.open`)).toBe(false);
    expect(readdirSync(batch).sort()).toEqual(
      ['manifest.csv', ...letters.map((l) => `${l.payload.messageId}.pdf`)].sort(),
    );
    const manifest = readFileSync(join(batch, 'manifest.csv'), 'utf8').trim().split('\r\n');
    expect(manifest[0]).toBe(
      'message_id,name,address_line_1,address_line_2,address_line_3,address_line_4,city,region,postal_code,country,pages,content_hash',
    );
    expect(manifest.slice(1).sort()).toEqual(
      letters
        .map(
          (l) =>
            `${l.payload.messageId},Jane Doe,350 Fifth Avenue,Apt 12,,,New York,NY,10118,US,1,${l.payload.contentHash}`,
        )
        .sort(),
    );
    // Nothing about the debt: no amounts, no days past due.
    expect(manifest.join('\n')).not.toMatch(/USD|past due|120\.50/);
  });

  it('revokes consent when Twilio says the number opted out (21610), and fails 21211 for good', async () => {
    const stopped = aNewYorkAccount();
    const invalid = aNewYorkAccount();
    await known(stopped);
    await known(invalid);
    twilio.scenarioFor(stopped.phone, twilioScenarios.unsubscribed);
    twilio.scenarioFor(invalid.phone, twilioScenarios.invalidNumber);
    const first = renderedEvent(stopped, 'sms');
    const second = renderedEvent(invalid, 'sms');
    await send(first, second);

    const optedOut = await finalOutcome(first.payload.messageId, 'failed');
    expect(optedOut?.payload).toMatchObject({ errorCode: '21610', retryable: false });
    await until('the revocations', () => revocations(stopped.accountId).length === 2);
    const revoked = revocations(stopped.accountId).map((c) => c.payload);
    expect(revoked.map((p) => p.purpose).sort()).toEqual(['marketing', 'servicing']);
    for (const payload of revoked) {
      expect(payload).toMatchObject({
        channel: 'sms',
        address: stopped.phone,
        status: 'revoked',
        source: 'provider',
      });
    }

    const bad = await finalOutcome(second.payload.messageId, 'failed');
    expect(bad?.payload).toMatchObject({ errorCode: '21211', retryable: false, attempt: 1 });
    expect(twilio.countsTo(invalid.phone)).toEqual({ requests: 1, accepted: 0 });
    expect(revocations(invalid.accountId)).toHaveLength(0);
    // A refused send names no address: only an accepted outcome is the record of a send.
    expect(bad?.payload).not.toHaveProperty('to');
  });

  it('sends a text once when Twilio took it but its answer was lost: the retry finds it first', async () => {
    const account = aNewYorkAccount();
    await known(account);
    // Twilio creates the message and the connection drops before its answer (as on a timeout).
    twilio.scenarioFor(account.phone, twilioScenarios.answerLost, 1);
    const rendered = renderedEvent(account, 'sms');
    await send(rendered);
    const accepted = await finalOutcome(rendered.payload.messageId, 'accepted');
    // The unanswered attempt is reported retryable; its retry asks Twilio, finds the text and
    // records it sent under that same attempt, without a second create.
    expect(
      outcomes(rendered.payload.messageId).some(
        (o) => o.payload.status === 'failed' && o.payload.retryable,
      ),
    ).toBe(true);
    expect(accepted?.payload.attempt).toBe(1);
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 1, accepted: 1 });
    const [created] = twilio.messages().filter((m) => m.to === account.phone);
    expect(accepted?.payload.providerMessageId).toBe(created?.sid);
  });

  it('retries an e-mail while the SMTP server is down and delivers it once when it returns', async () => {
    const account = aNewYorkAccount();
    await known(account);
    await smtp.stop();
    const rendered = renderedEvent(account, 'email');
    await send(rendered);
    await until('a retryable failure', () =>
      outcomes(rendered.payload.messageId).some((o) => o.payload.retryable),
    );
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(outcomes(rendered.payload.messageId).some((o) => o.payload.status === 'accepted')).toBe(
      false,
    );
    await smtp.restart();
    const accepted = await finalOutcome(rendered.payload.messageId, 'accepted');
    const failures = outcomes(rendered.payload.messageId).filter(
      (o) => o.payload.status === 'failed',
    );
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.every((f) => f.payload.retryable)).toBe(true);
    // Each attempt is one outcome, numbered in order; the accepted one is the last.
    expect(accepted?.payload.attempt).toBe(failures.length + 1);
    expect(smtp.messagesTo(account.email)).toHaveLength(1);
  });

  it('does not send a message whose account was paid between rendering and sending', async () => {
    const account = aNewYorkAccount();
    await known(account);
    const payment: EventOf<'account.payment'> = {
      ...sampleEvents['account.payment'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: '2026-03-04T13:10:00Z',
      payload: {
        ...sampleEvents['account.payment'].payload,
        accountId: account.accountId,
        amount: { amountMinor: 12_050, currency: 'USD' },
        remainingOverdue: { amountMinor: 0, currency: 'USD' },
        paidAt: '2026-03-04T13:09:00Z',
        curesAccount: true,
      },
    };
    await send(payment);
    await folded(account, account.events.length + 1);
    const rendered = renderedEvent(account, 'sms');
    await send(rendered);
    const stopped = await finalOutcome(rendered.payload.messageId, 'failed');
    expect(stopped?.payload.errorCode).toMatch(/^LAST_LOOK:(PAID|CURED)$/);
    expect(twilio.countsTo(account.phone).requests).toBe(0);
    const record = await ns.mongo.db
      .collection<{ _id: string; state: string }>(DISPATCHES)
      .findOne({ _id: rendered.payload.messageId });
    expect(record?.state).toBe('suppressed');
  });

  it('does not send a message cancelled after it was rendered', async () => {
    const account = aNewYorkAccount();
    await known(account);
    const rendered = renderedEvent(account, 'sms');
    const cancelled: EventOf<'outreach.cancelled'> = {
      ...sampleEvents['outreach.cancelled'],
      ...account.base,
      eventId: newEventId(),
      occurredAt: NOW,
      payload: {
        accountId: account.accountId,
        messageId: rendered.payload.messageId,
        cycleId: account.cycleId,
        stage: 1,
        channel: 'sms',
        reason: 'PAID',
      },
    };
    await createEventPublisher(producer, bindTopics(['outreach.cancelled'], ns.prefix)).publish(
      'outreach.cancelled',
      [cancelled],
    );
    await until('the cancellation recorded', async () => {
      const record = await ns.mongo.db
        .collection<{ _id: string; state: string }>(DISPATCHES)
        .findOne({ _id: rendered.payload.messageId });
      return record?.state === 'cancelled';
    });
    await send(rendered);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(twilio.countsTo(account.phone).requests).toBe(0);
    expect(outcomes(rendered.payload.messageId)).toHaveLength(0);
  });
});
