import { createHmac, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEvent, EventOf } from '@kindly/contracts';
import { PROBLEM_JSON } from '@kindly/http';
import { recordingLogger } from '@kindly/http/testing';
import { bindTopics, createEventPublisher, createKafka, type Consumer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { TRACKER_ACCOUNTS } from './data-access/contact-directory.repository.js';
import { TRACKER_DELIVERIES } from './data-access/deliveries.repository.js';
import { TRACKER_REPLY_TASKS } from './data-access/reply-tasks.repository.js';
import type { ReplyTask } from './domain/reply-task.js';
import { buildArfReport } from './testing/arf-fixtures.js';
import { sendRawMail } from './testing/send-raw-mail.js';
import {
  aCustomer,
  anAcceptedOutcome,
  BOUNCE_TOKEN,
  startTestTracker,
  UNSUBSCRIBE_SECRET,
  until,
  type Customer,
} from './testing/tracker-fixtures.js';

const BOUNCE_DOMAIN = 'bounce.example-bank.cn';

/** The renderer's signature for one message and purpose (unsubscribe-links.ts). */
const signatureOf = (outcome: EventOf<'delivery.outcome'>, purpose: string) =>
  createHmac('sha256', UNSUBSCRIBE_SECRET)
    .update(
      [outcome.tenantId, outcome.payload.accountId, outcome.payload.messageId, purpose].join('\n'),
    )
    .digest('base64url')
    .slice(0, 22);

/** The List-Unsubscribe the renderer gives an e-mail: its https link and its mailto. */
const listUnsubscribeOf = (
  outcome: EventOf<'delivery.outcome'>,
  only?: 'https' | 'mailto',
  purpose = 'marketing',
) => {
  const tail = `${purpose}/${outcome.payload.messageId}/${signatureOf(outcome, purpose)}`;
  const https = `<https://kindly.example-bank.cn/unsubscribe/${tail}>`;
  const mailto = `<mailto:unsubscribe@example-bank.cn?subject=${encodeURIComponent(`unsubscribe KD123 ${tail}`)}>`;
  if (only === 'https') return https;
  if (only === 'mailto') return mailto;
  return `${https}, ${mailto}`;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('complaints (ARF) and mailto unsubscribes, on the real broker, server, HTTP port and SMTP listener', () => {
  let ns: ProvisionedNamespace;
  let service: Awaited<ReturnType<typeof startTestTracker>>;
  let reader: Consumer;
  const seen: AnyEvent[] = [];
  const log = recordingLogger('tracker');

  const outcomes = (messageId: string) =>
    seen.filter(
      (e): e is EventOf<'delivery.outcome'> =>
        e.type === 'delivery.outcome' &&
        e.payload.messageId === messageId &&
        e.payload.status !== 'accepted',
    );
  const revocations = (accountId: string) =>
    seen.filter(
      (e): e is EventOf<'contact.consent'> =>
        e.type === 'contact.consent' &&
        e.payload.accountId === accountId &&
        e.payload.status === 'revoked',
    );

  type Input = EventOf<'contact.updated' | 'contact.consent' | 'delivery.outcome'>;
  async function publish(...events: Input[]): Promise<void> {
    const publisher = createEventPublisher(
      service.producer,
      bindTopics(['contact.updated', 'contact.consent', 'delivery.outcome'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  async function known(...customers: Customer[]): Promise<void> {
    await publish(...customers.flatMap((c) => [c.contact, c.consent]));
    for (const c of customers) {
      await until(`the contact of ${c.accountId}`, async () => {
        const doc = await ns.mongo.db
          .collection<{ _id: string; version: number }>(TRACKER_ACCOUNTS)
          .findOne({ _id: `${c.tenantId}:${c.accountId}` });
        return (doc?.version ?? 0) >= 2;
      });
    }
  }

  /** An e-mail the dispatcher sent to the customer, as the tracker has recorded it. */
  async function anEmailTo(customer: Customer): Promise<EventOf<'delivery.outcome'>> {
    const outcome = anAcceptedOutcome(customer, 'email');
    await publish(outcome);
    await until('the accepted outcome', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; causationId: string | null }>(TRACKER_DELIVERIES)
        .findOne({ _id: `${outcome.payload.messageId}/1` });
      return doc?.causationId === outcome.eventId;
    });
    return outcome;
  }

  const postMail = (raw: string, recipient?: string) =>
    fetch(
      `${service.baseUrl}/email/bounces${recipient ? `?recipient=${encodeURIComponent(recipient)}` : ''}`,
      {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${BOUNCE_TOKEN}` },
        body: raw,
      },
    );

  const smtpPort = () => {
    const port = service.tracker.smtpPort;
    if (port === undefined) throw new Error('the SMTP listener did not start');
    return port;
  };

  beforeAll(async () => {
    ns = await provisionTestNamespace('tracker-mail', [
      'contact.updated',
      'contact.consent',
      'delivery.outcome',
    ]);
    service = await startTestTracker(ns, {}, log.logger);
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'tracker-reader' });
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
  });
  afterAll(async () => {
    await reader?.disconnect();
    await service?.stop();
    await ns?.cleanup();
  });

  describe('ARF feedback reports', () => {
    it('turns a complaint into `complained` and withdraws marketing e-mail, not servicing, on the bank’s accounts with the address', async () => {
      const customer = aCustomer();
      const sameBank = aCustomer({ email: customer.email });
      const otherBank = aCustomer({ email: customer.email, tenantId: 'bank-2' });
      await known(customer, sameBank, otherBank);
      const outcome = await anEmailTo(customer);
      const messageId = outcome.payload.messageId;
      const raw = buildArfReport({
        messageId,
        recipient: customer.email,
        bounceDomain: BOUNCE_DOMAIN,
        listUnsubscribe: listUnsubscribeOf(outcome, 'https'),
      });

      const response = await postMail(raw, `fbl@${BOUNCE_DOMAIN}`);
      expect(response.status).toBe(202);
      await until('the complained outcome', () => outcomes(messageId).length === 1);
      const complained = outcomes(messageId)[0];
      expect(complained).toMatchObject({
        tenantId: customer.tenantId,
        correlationId: outcome.correlationId,
        payload: {
          accountId: customer.accountId,
          messageId,
          channel: 'email',
          status: 'complained',
          retryable: false,
        },
      });
      for (const c of [customer, sameBank]) {
        await until(
          `marketing withdrawn for ${c.accountId}`,
          () => revocations(c.accountId).length === 1,
        );
        expect(revocations(c.accountId)[0]?.payload).toEqual({
          accountId: c.accountId,
          channel: 'email',
          address: customer.email,
          purpose: 'marketing',
          status: 'revoked',
          basis: 'customer-request',
          source: 'email-unsubscribe',
          at: expect.any(String) as string,
          evidenceRef: `delivery-outcome:${complained?.eventId ?? ''}`,
        });
      }
      // The same report again (a feedback loop may resend): no second outcome, and the
      // revocation, published again in case the first time stopped short, is the same event.
      expect((await postMail(raw, `fbl@${BOUNCE_DOMAIN}`)).status).toBe(202);
      await settle();
      expect(outcomes(messageId)).toHaveLength(1);
      expect(new Set(revocations(customer.accountId).map((e) => e.eventId)).size).toBe(1);
      // Another bank's account with the same address is not this bank's customer's complaint.
      expect(revocations(otherBank.accountId)).toHaveLength(0);
      expect(JSON.stringify(log.records())).not.toContain(customer.email);
    });

    it('takes a complaint over SMTP at the feedback address, the recipient redacted', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = await anEmailTo(customer);
      const messageId = outcome.payload.messageId;
      const raw = buildArfReport({
        messageId,
        recipient: 'redacted@example.com',
        bounceDomain: BOUNCE_DOMAIN,
        headersOnly: true,
        listUnsubscribe: listUnsubscribeOf(outcome, 'mailto'),
      });
      const reply = await sendRawMail(
        smtpPort(),
        { from: 'fbl-sender@example.com', to: `fbl@${BOUNCE_DOMAIN}` },
        raw,
      );
      expect(reply.code).toBe(250);
      await until('the complained outcome', () => outcomes(messageId).length === 1);
      await until('marketing withdrawn', () => revocations(customer.accountId).length === 1);
      expect(revocations(customer.accountId)[0]?.payload).toMatchObject({
        address: customer.email,
        purpose: 'marketing',
      });
    });

    it('takes a report without proof that it returns our e-mail, and changes nothing', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = await anEmailTo(customer);
      const messageId = outcome.payload.messageId;
      const other = await anEmailTo(customer);
      const forgeries = [
        // No List-Unsubscribe: anyone can write the message id and the VERP address.
        buildArfReport({ messageId, recipient: customer.email, bounceDomain: BOUNCE_DOMAIN }),
        // A link signed for another purpose than the one it says.
        buildArfReport({
          messageId,
          recipient: customer.email,
          bounceDomain: BOUNCE_DOMAIN,
          listUnsubscribe: `<https://kindly.example-bank.cn/unsubscribe/marketing/${messageId}/${signatureOf(outcome, 'servicing')}>`,
        }),
        // A genuine link of another message of ours than the one the report names.
        buildArfReport({
          messageId,
          recipient: customer.email,
          bounceDomain: BOUNCE_DOMAIN,
          listUnsubscribe: listUnsubscribeOf(other),
        }),
      ];
      for (const raw of forgeries) {
        expect((await postMail(raw, `fbl@${BOUNCE_DOMAIN}`)).status).toBe(202);
        const reply = await sendRawMail(
          smtpPort(),
          { from: 'fbl-sender@example.com', to: `fbl@${BOUNCE_DOMAIN}` },
          raw,
        );
        expect(reply.code).toBe(250);
      }
      await settle();
      expect(outcomes(messageId)).toHaveLength(0);
      expect(outcomes(other.payload.messageId)).toHaveLength(0);
      expect(revocations(customer.accountId)).toHaveLength(0);
      const results = log
        .records()
        .filter((e) => e['mail'] === 'feedback')
        .map((e) => e['kind'] as string);
      // Counted as they are logged: kindly_tracker_inbound_mail_total{result="unverified"}.
      expect(results.filter((kind) => kind === 'unverified')).toHaveLength(6);
    });

    it('takes an ARF report sent to the unsubscribe address as a complaint, over SMTP and HTTP', async () => {
      for (const send of ['smtp', 'http'] as const) {
        const customer = aCustomer();
        await known(customer);
        const outcome = await anEmailTo(customer);
        const messageId = outcome.payload.messageId;
        const raw = buildArfReport({
          messageId,
          recipient: customer.email,
          bounceDomain: BOUNCE_DOMAIN,
          listUnsubscribe: listUnsubscribeOf(outcome),
        });
        if (send === 'smtp') {
          const reply = await sendRawMail(
            smtpPort(),
            { from: 'fbl-sender@example.com', to: 'unsubscribe@example-bank.cn' },
            raw,
          );
          expect(reply.code).toBe(250);
        } else {
          expect((await postMail(raw, 'unsubscribe@example-bank.cn')).status).toBe(202);
        }
        await until(`the complained outcome (${send})`, () => outcomes(messageId).length === 1);
        expect(outcomes(messageId)[0]?.payload.status).toBe('complained');
        await until('marketing withdrawn', () => revocations(customer.accountId).length === 1);
        expect(revocations(customer.accountId)[0]?.payload.purpose).toBe('marketing');
      }
    });

    it('acknowledges a report about no message of ours and changes nothing; refuses a malformed one without quoting it', async () => {
      const unknownId = randomUUID();
      const unknown = buildArfReport({ messageId: unknownId, recipient: 'x@example.com' });
      expect((await postMail(unknown)).status).toBe(202);
      const overSmtp = await sendRawMail(
        smtpPort(),
        { from: 'fbl-sender@example.com', to: `fbl@${BOUNCE_DOMAIN}` },
        unknown,
      );
      expect(overSmtp.code).toBe(250);

      const marker = 'MARKER-do-not-echo-7f3a';
      const malformed = buildArfReport({
        messageId: unknownId,
        recipient: `${marker}@example.com`,
        omit: 'feedback-type',
      });
      const refused = await postMail(malformed);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain(PROBLEM_JSON);
      const body = await refused.text();
      expect(JSON.parse(body)).toMatchObject({ status: 422, reason: 'no-feedback-type' });
      expect(body).not.toContain(marker);
      const bounced = await sendRawMail(
        smtpPort(),
        { from: 'fbl-sender@example.com', to: `fbl@${BOUNCE_DOMAIN}` },
        malformed,
      );
      expect(bounced.code).toBe(550);
      expect(bounced.text).not.toContain(marker);

      await settle();
      expect(outcomes(unknownId)).toHaveLength(0);
      expect(JSON.stringify(log.records())).not.toContain(marker);
    });
  });

  describe('the mailto unsubscribe address', () => {
    /** What a mail client sends for the advertised `mailto:unsubscribe@…?subject=…`. */
    const unsubscribeMail = (from: string, subject: string) =>
      [
        `From: <${from}>`,
        'To: <unsubscribe@example-bank.cn>',
        `Subject: ${subject}`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Please take me off your list.',
      ].join('\r\n');

    it('unsubscribes as the one-click link does, over SMTP and over HTTP', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = await anEmailTo(customer);
      const messageId = outcome.payload.messageId;
      const tail = `marketing/${messageId}/${signatureOf(outcome, 'marketing')}`;
      const reply = await sendRawMail(
        smtpPort(),
        { from: customer.email, to: 'unsubscribe@example-bank.cn' },
        unsubscribeMail(customer.email, `unsubscribe KD123 ${tail}`),
      );
      expect(reply.code).toBe(250);
      await until('the unsubscribe', () => revocations(customer.accountId).length === 1);
      expect(revocations(customer.accountId)[0]?.payload).toMatchObject({
        channel: 'email',
        address: customer.email,
        purpose: 'marketing',
        basis: 'customer-request',
        source: 'email-unsubscribe',
        evidenceRef: `unsubscribe:${messageId}`,
      });

      const other = aCustomer();
      await known(other);
      const second = await anEmailTo(other);
      const servicing = `servicing/${second.payload.messageId}/${signatureOf(second, 'servicing')}`;
      const response = await postMail(
        unsubscribeMail(other.email, `Re: unsubscribe ${servicing}`),
        'unsubscribe@example-bank.cn',
      );
      expect(response.status).toBe(202);
      await until('the HTTP unsubscribe', () => revocations(other.accountId).length === 1);
      expect(revocations(other.accountId)[0]?.payload).toMatchObject({ purpose: 'servicing' });
      expect(JSON.stringify(log.records())).not.toContain(customer.email);
    });

    it('takes a mail without a valid signature and does nothing with it', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = await anEmailTo(customer);
      const messageId = outcome.payload.messageId;
      const forged = `marketing/${messageId}/${signatureOf(outcome, 'servicing')}`;
      for (const subject of ['unsubscribe KD123', `unsubscribe ${forged}`]) {
        const reply = await sendRawMail(
          smtpPort(),
          { from: customer.email, to: 'unsubscribe@example-bank.cn' },
          unsubscribeMail(customer.email, subject),
        );
        expect(reply.code).toBe(250);
        expect(reply.text).not.toContain(messageId);
      }
      const response = await postMail(
        unsubscribeMail(customer.email, `unsubscribe ${forged}`),
        'unsubscribe@example-bank.cn',
      );
      expect(response.status).toBe(202);
      await settle();
      expect(revocations(customer.accountId)).toHaveLength(0);
      const results = log
        .records()
        .filter((e) => e['mail'] === 'unsubscribe')
        .map((e) => e['kind'] as string);
      expect(results).toEqual(expect.arrayContaining(['no-token', 'forbidden']));
      // Each is a person asking in their own way: a task on the desk, once per mail.
      const tasks = await ns.mongo.db
        .collection<ReplyTask>(TRACKER_REPLY_TASKS)
        .find({ accountIds: customer.accountId })
        .toArray();
      expect(tasks.map((t) => t.text).sort()).toEqual([
        'unsubscribe KD123\n\nPlease take me off your list.',
        `unsubscribe ${forged}\n\nPlease take me off your list.`,
      ]);
      for (const task of tasks) {
        expect(task).toMatchObject({
          tenantId: customer.tenantId,
          accountIds: [customer.accountId],
          category: 'other',
          maskedFrom: '•••@example.com',
          status: 'open',
        });
      }
      const logged = JSON.stringify(log.records());
      expect(logged).not.toContain('take me off');
      expect(logged).not.toContain(customer.email);
    });

    it('makes no task of a mail from an address no bank has', async () => {
      const before = await ns.mongo.db.collection(TRACKER_REPLY_TASKS).countDocuments();
      const reply = await sendRawMail(
        smtpPort(),
        { from: 'stranger@example.org', to: 'unsubscribe@example-bank.cn' },
        unsubscribeMail('stranger@example.org', 'unsubscribe me'),
      );
      expect(reply.code).toBe(250);
      await settle();
      expect(await ns.mongo.db.collection(TRACKER_REPLY_TASKS).countDocuments()).toBe(before);
    });
  });
});
