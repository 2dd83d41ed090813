/**
 * Replies in the customer's own words and the tenant whose number received them, through the
 * real tracker HTTP route (signed by the Twilio stand-in), the real broker and the real server.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, EventOf } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, type Consumer } from '@kindly/kafka';
import { computeTwilioSignature, TwilioStandIn } from '@kindly/stand-ins';
import { recordingLogger } from '@kindly/http/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { TRACKER_ACCOUNTS } from './data-access/contact-directory.repository.js';
import { TRACKER_REPLY_TASKS } from './data-access/reply-tasks.repository.js';
import type { ReplyTask } from './domain/reply-task.js';
import {
  aCustomer,
  AUTH_TOKEN,
  startTestTracker,
  until,
  type Customer,
} from './testing/tracker-fixtures.js';

/** Our sending numbers: bank-1's and bank-2's (as senders.yaml lists them), and nobody's. */
const BANK_1_NUMBER = '+15005550011';
const BANK_2_NUMBER = '+15005550012';
const NOBODYS_NUMBER = '+15005550099';
const SENDERS_YAML = `
senders:
  bank-1:
    jurisdictions:
      US: { smsNumbers: ['${BANK_1_NUMBER}'] }
  bank-2:
    jurisdictions:
      US: { smsNumbers: ['${BANK_2_NUMBER}'] }
`;
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('replies in words, per tenant, on the real broker, server and HTTP port', () => {
  let ns: ProvisionedNamespace;
  let service: Awaited<ReturnType<typeof startTestTracker>>;
  let standIn: TwilioStandIn;
  let reader: Consumer;
  const seen: AnyEvent[] = [];
  const log = recordingLogger('tracker');

  const revocations = (accountId: string) =>
    seen.filter(
      (e): e is EventOf<'contact.consent'> =>
        e.type === 'contact.consent' &&
        e.payload.accountId === accountId &&
        e.payload.status === 'revoked',
    );
  const unreachables = (accountId: string) =>
    seen.filter(
      (e): e is EventOf<'contact.unreachable'> =>
        e.type === 'contact.unreachable' && e.payload.accountId === accountId,
    );
  const tasksOf = (tenantId: string) =>
    ns.mongo.db.collection<ReplyTask>(TRACKER_REPLY_TASKS).find({ tenantId }).toArray();

  async function known(...customers: Customer[]): Promise<void> {
    const publisher = createEventPublisher(
      service.producer,
      bindTopics(['contact.updated', 'contact.consent'], ns.prefix),
    );
    for (const c of customers) {
      await publisher.publish('contact.updated', [c.contact]);
      await publisher.publish('contact.consent', [c.consent]);
    }
    for (const c of customers) {
      await until(`the contact of ${c.accountId}`, async () => {
        const doc = await ns.mongo.db
          .collection<{ _id: string; version: number }>(TRACKER_ACCOUNTS)
          .findOne({ _id: `${c.tenantId}:${c.accountId}` });
        return (doc?.version ?? 0) >= 2;
      });
    }
  }

  /** One customer of each bank, with the same number. */
  async function twoBanksOneNumber(): Promise<[Customer, Customer]> {
    // Below 5000: a stranger's number ends above it, so that its masked form (the last four
    // digits) is never a customer's.
    const phone = `+1917555${String(Math.floor(Math.random() * 5_000)).padStart(4, '0')}`;
    const first = aCustomer({ phone, tenantId: 'bank-1' });
    const second = aCustomer({ phone, tenantId: 'bank-2' });
    await known(first, second);
    return [first, second];
  }

  const inbound = (from: string, to: string, body: string) =>
    standIn.simulateInboundSms({ from, to, body, url: `${service.baseUrl}/twilio/inbound` });

  beforeAll(async () => {
    ns = await provisionTestNamespace('tracker-replies', [
      'contact.updated',
      'contact.consent',
      'delivery.outcome',
      'contact.unreachable',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'tracker-senders-'));
    const sendersFile = join(dir, 'senders.yaml');
    writeFileSync(sendersFile, SENDERS_YAML);
    service = await startTestTracker(ns, { TRACKER_SENDERS_FILE: sendersFile }, log.logger);
    standIn = await TwilioStandIn.start({ authToken: AUTH_TOKEN, callbackDelayMs: 'manual' });
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'replies-reader' });
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [ns.topic('contact.consent'), ns.topic('contact.unreachable')],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
  });
  afterAll(async () => {
    await reader?.disconnect();
    await standIn?.stop();
    await service?.stop();
    await ns?.cleanup();
  });

  it('takes "pls stop texting me" as an opt-out for the bank whose number received it only', async () => {
    const [first, second] = await twoBanksOneNumber();
    const answer = await inbound(first.phone, BANK_1_NUMBER, 'pls stop texting me');
    expect(answer.responseStatus).toBe(200);
    expect(answer.responseBody).toContain('unsubscribed');
    await until('the revocations', () => revocations(first.accountId).length === 2);
    expect(revocations(first.accountId).map((e) => [e.tenantId, e.payload])).toEqual(
      ['servicing', 'marketing'].map((purpose): unknown[] => [
        'bank-1',
        expect.objectContaining({
          channel: 'sms',
          address: first.phone,
          purpose,
          status: 'revoked',
          basis: 'customer-request',
          source: 'sms-reply',
        }),
      ]),
    );
    await settle();
    expect(revocations(second.accountId)).toHaveLength(0);
    expect(await tasksOf('bank-1')).not.toContainEqual(
      expect.objectContaining({ accountIds: [first.accountId] }),
    );
  });

  it('takes "不要再给我发短信" as an opt-out, confirmed in Chinese', async () => {
    const [first, second] = await twoBanksOneNumber();
    const answer = await inbound(second.phone, BANK_2_NUMBER, '不要再给我发短信');
    expect(answer.responseBody).toContain('您已成功退订');
    await until('the revocations', () => revocations(second.accountId).length === 2);
    await settle();
    expect(revocations(first.accountId)).toHaveLength(0);
  });

  it('leaves another bank alone on a STOP, and confirms a STOP to each bank once', async () => {
    const [first, second] = await twoBanksOneNumber();
    const stop = await inbound(first.phone, BANK_1_NUMBER, 'STOP');
    expect(stop.responseBody).toContain('<Message>');
    await until('the revocations', () => revocations(first.accountId).length === 2);
    await settle();
    expect(revocations(second.accountId)).toHaveLength(0);
    // The other bank's confirmation is its own, the first bank's is not repeated.
    expect((await inbound(first.phone, BANK_2_NUMBER, 'STOP')).responseBody).toContain('<Message>');
    await until('the second bank', () => revocations(second.accountId).length === 2);
    expect((await inbound(first.phone, BANK_1_NUMBER, 'STOP')).responseBody).not.toContain(
      '<Message>',
    );
  });

  it('makes "已还款" and "call me after 6" tasks with their text, and changes no consent', async () => {
    const [first, second] = await twoBanksOneNumber();
    for (const text of ['已还款', 'call me after 6']) {
      const answer = await inbound(first.phone, BANK_1_NUMBER, text);
      expect(answer.responseStatus).toBe(200);
      expect(answer.responseBody).not.toContain('<Message>');
    }
    const mine = async () =>
      (await tasksOf('bank-1')).filter((t) => t.accountIds.includes(first.accountId));
    await until('the tasks', async () => (await mine()).length === 2);
    const tasks = await mine();
    expect(tasks.map((t) => [t.category, t.text])).toEqual(
      expect.arrayContaining([
        ['claims-payment', '已还款'],
        ['asks-for-call', 'call me after 6'],
      ]),
    );
    for (const task of tasks) {
      expect(task).toMatchObject({
        tenantId: 'bank-1',
        accountIds: [first.accountId],
        status: 'open',
        inboundId: expect.stringMatching(/^SM/) as string,
        receivedAt: expect.stringMatching(/Z$/) as string,
        maskedFrom: `•••${first.phone.slice(-4)}`,
      });
    }
    expect((await tasksOf('bank-2')).some((t) => t.accountIds.includes(second.accountId))).toBe(
      false,
    );
    await settle();
    expect(revocations(first.accountId)).toHaveLength(0);
    expect(revocations(second.accountId)).toHaveLength(0);
    expect(unreachables(first.accountId)).toHaveLength(0);
  });

  it('makes "wrong number" a task for its bank, and stops contact to the number there', async () => {
    const [first, second] = await twoBanksOneNumber();
    await inbound(first.phone, BANK_1_NUMBER, 'wrong number');
    await until('the task', async () =>
      (await tasksOf('bank-1')).some(
        (t) => t.accountIds.includes(first.accountId) && t.category === 'wrong-party',
      ),
    );
    await until('the number unreachable', () => unreachables(first.accountId).length === 2);
    expect(unreachables(first.accountId).map((e) => [e.tenantId, e.payload])).toEqual(
      ['sms', 'voice'].map((channel): unknown[] => [
        'bank-1',
        expect.objectContaining({
          channel,
          address: first.phone,
          reason: 'wrong-party',
          source: 'tracker',
          evidenceRef: expect.stringMatching(/^twilio-sms:SM/) as string,
        }),
      ]),
    );
    await settle();
    expect(unreachables(second.accountId)).toHaveLength(0);
    expect(revocations(first.accountId)).toHaveLength(0);
  });

  it("makes a task for each bank with the number of a reply to a number that is no bank's, and keeps an opt-out to it wide", async () => {
    const [first, second] = await twoBanksOneNumber();
    await inbound(first.phone, NOBODYS_NUMBER, 'call me after 6');
    for (const customer of [first, second]) {
      await until(`the task at ${customer.tenantId}`, async () =>
        (await tasksOf(customer.tenantId)).some(
          (t) => t.accountIds.join() === customer.accountId && t.category === 'asks-for-call',
        ),
      );
    }
    await inbound(first.phone, NOBODYS_NUMBER, 'please stop texting me');
    for (const customer of [first, second]) {
      await until('the revocations', () => revocations(customer.accountId).length === 2);
    }
  });

  it('makes no task of a reply from a number no bank has, and confirms no opt-out from it', async () => {
    const stranger = `+1917666${String(5_000 + Math.floor(Math.random() * 5_000))}`;
    const before = await ns.mongo.db.collection(TRACKER_REPLY_TASKS).countDocuments();
    await inbound(stranger, NOBODYS_NUMBER, 'call me after 6');
    await inbound(stranger, BANK_1_NUMBER, 'wrong number');
    const stop = await inbound(stranger, BANK_1_NUMBER, 'STOP');
    expect(stop.responseStatus).toBe(200);
    expect(stop.responseBody).not.toContain('<Message>');
    await settle();
    // bank-1's number received the wrong number: its task, with no account on it.
    const tasks = await ns.mongo.db.collection<ReplyTask>(TRACKER_REPLY_TASKS).find().toArray();
    expect(tasks.length).toBe(before + 1);
    expect(tasks.filter((t) => t.maskedFrom === `•••${stranger.slice(-4)}`)).toEqual([
      expect.objectContaining({ tenantId: 'bank-1', accountIds: [], category: 'wrong-party' }),
    ]);
  });

  it("stops contact at every bank with the number on a wrong number to a number that is no bank's, with a task for each", async () => {
    const [first, second] = await twoBanksOneNumber();
    await inbound(first.phone, NOBODYS_NUMBER, 'wrong number');
    for (const customer of [first, second]) {
      await until(
        `unreachable at ${customer.tenantId}`,
        () => unreachables(customer.accountId).length === 2,
      );
      expect(
        unreachables(customer.accountId)
          .map((e) => e.payload.channel)
          .sort(),
      ).toEqual(['sms', 'voice']);
      await until(`the task at ${customer.tenantId}`, async () =>
        (await tasksOf(customer.tenantId)).some(
          (t) => t.accountIds.join() === customer.accountId && t.category === 'wrong-party',
        ),
      );
    }
  });

  it.each(['wrong number, stop texting me', 'Stop!!! wrong number'])(
    'honours %j as an opt-out, and stops contact to the number with a task',
    async (text) => {
      const [first, second] = await twoBanksOneNumber();
      const answer = await inbound(first.phone, BANK_1_NUMBER, text);
      expect(answer.responseBody).toContain('<Message>');
      await until('the revocations', () => revocations(first.accountId).length === 2);
      await until('the number unreachable', () => unreachables(first.accountId).length === 2);
      await until('the task', async () =>
        (await tasksOf('bank-1')).some(
          (t) => t.accountIds.join() === first.accountId && t.category === 'wrong-party',
        ),
      );
      await settle();
      expect(revocations(second.accountId)).toHaveLength(0);
      expect(unreachables(second.accountId)).toHaveLength(0);
    },
  );

  it('revokes at every bank with the number when the bank whose number received the opt-out has none, and confirms it', async () => {
    const phone = `+1917777${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
    const elsewhere = aCustomer({ phone, tenantId: 'bank-2' });
    await known(elsewhere);
    const answer = await inbound(phone, BANK_1_NUMBER, 'please stop texting me');
    expect(answer.responseBody).toContain('<Message>');
    await until('the revocations', () => revocations(elsewhere.accountId).length === 2);
  });

  it('takes the same inbound message twice as one: one task, one set of consent events, the same answer', async () => {
    const [first] = await twoBanksOneNumber();
    const again = async (sent: Awaited<ReturnType<typeof inbound>>) => {
      const params = sent.params as Record<string, string>;
      const response = await fetch(sent.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
          'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, sent.url, params),
        },
        body: new URLSearchParams(params).toString(),
      });
      return { status: response.status, body: await response.text() };
    };
    const call = await inbound(first.phone, BANK_1_NUMBER, 'call me after 6');
    expect((await again(call)).status).toBe(200);
    const calls = async () =>
      (await tasksOf('bank-1')).filter((t) => t.accountIds.join() === first.accountId);
    await until('the task', async () => (await calls()).length === 1);

    const stop = await inbound(first.phone, BANK_1_NUMBER, 'stop texting me');
    expect(stop.responseBody).toContain('<Message>');
    // The provider sends a message again only when it did not get the answer: the same
    // confirmation then, and still one text sent.
    const repeated = await again(stop);
    expect(repeated.body).toBe(stop.responseBody);
    await until('the revocations', () => revocations(first.accountId).length >= 2);
    await settle();
    expect(new Set(revocations(first.accountId).map((e) => e.eventId)).size).toBe(2);
    expect(await calls()).toHaveLength(1);
    // Another message saying the same is no new opt-out: no second confirmation.
    expect((await inbound(first.phone, BANK_1_NUMBER, 'STOP')).responseBody).not.toContain(
      '<Message>',
    );
  });

  it('takes "don\'t call me" as a withdrawal of voice consent with a task, and "stop texting and calling me" as both', async () => {
    const [first, second] = await twoBanksOneNumber();
    const channels = (accountId: string) =>
      revocations(accountId)
        .map((e) => `${e.payload.channel}/${e.payload.purpose}`)
        .sort();
    const dontCall = await inbound(first.phone, BANK_1_NUMBER, "Don't call me");
    expect(dontCall.responseBody).not.toContain('<Message>');
    await until('the voice revocations', () => revocations(first.accountId).length === 2);
    expect(channels(first.accountId)).toEqual(['voice/marketing', 'voice/servicing']);
    await until('the task', async () =>
      (await tasksOf('bank-1')).some(
        (t) => t.accountIds.join() === first.accountId && t.category === 'no-calls',
      ),
    );
    const both = await inbound(first.phone, BANK_1_NUMBER, 'stop texting and calling me');
    expect(both.responseBody).toContain('<Message>');
    await until('the SMS revocations', () => revocations(first.accountId).length === 6);
    expect(channels(first.accountId)).toEqual([
      'sms/marketing',
      'sms/servicing',
      'voice/marketing',
      'voice/marketing',
      'voice/servicing',
      'voice/servicing',
    ]);
    await settle();
    expect(revocations(second.accountId)).toHaveLength(0);
  });

  it('writes no reply text and no number into the logs', async () => {
    const [first] = await twoBanksOneNumber();
    const texts = ['我已经还了 4417', 'call me after 6 at 555 0199', 'wrong number sorry'];
    for (const text of texts) await inbound(first.phone, BANK_1_NUMBER, text);
    await until('the tasks', async () =>
      (await tasksOf('bank-1')).some((t) => t.text === texts.at(-1)),
    );
    const logged = JSON.stringify(log.records());
    expect(logged).toContain('"kind":"claims-payment"');
    for (const secret of [...texts, first.phone, first.phone.slice(1)]) {
      expect(logged).not.toContain(secret);
    }
  });
});
