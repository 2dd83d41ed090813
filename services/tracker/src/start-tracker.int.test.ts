import { createHmac, randomUUID } from 'node:crypto';
import twilio from 'twilio';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AnyEvent, EventOf } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, type Consumer } from '@kindly/kafka';
import {
  buildDsn,
  computeTwilioSignature,
  sendDsn,
  standInHttpClient,
  twilioScenarios,
  TwilioStandIn,
} from '@kindly/stand-ins';
import { PROBLEM_JSON } from '@kindly/http';
import {
  probe,
  PROBE_MARKER,
  recordingLogger,
  type ProbeAnswer,
  type ProbeName,
} from '@kindly/http/testing';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { TRACKER_ACCOUNTS } from './data-access/contact-directory.repository.js';
import { TRACKER_DELIVERIES } from './data-access/deliveries.repository.js';
import {
  aCustomer,
  anAcceptedOutcome,
  AUTH_TOKEN,
  BOUNCE_TOKEN,
  startTestTracker,
  UNSUBSCRIBE_SECRET,
  until,
  type Customer,
} from './testing/tracker-fixtures.js';

const OUR_NUMBER = '+15005550001';
const BOUNCE_DOMAIN = 'bounce.example-bank.cn';
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

describe('the tracker service, on the real broker, server and HTTP port', () => {
  let ns: ProvisionedNamespace;
  let service: Awaited<ReturnType<typeof startTestTracker>>;
  let standIn: TwilioStandIn;
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

  const unreachable = (accountId: string) =>
    seen.filter(
      (e): e is EventOf<'contact.unreachable'> =>
        e.type === 'contact.unreachable' && e.payload.accountId === accountId,
    );

  type Input = EventOf<'contact.updated' | 'contact.consent' | 'delivery.outcome'>;
  async function publish(...events: Input[]): Promise<void> {
    const publisher = createEventPublisher(
      service.producer,
      bindTopics(['contact.updated', 'contact.consent', 'delivery.outcome'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }

  /** The bank's facts about the customers, folded into the tracker's copy. */
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

  /** The dispatcher's `accepted` outcome, recorded by the tracker. */
  async function accepted(outcome: EventOf<'delivery.outcome'>): Promise<void> {
    await publish(outcome);
    await until('the accepted outcome', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; causationId: string | null }>(TRACKER_DELIVERIES)
        .findOne({ _id: `${outcome.payload.messageId}/${outcome.payload.attempt}` });
      return doc?.causationId === outcome.eventId;
    });
  }

  function statusUrl(outcome: EventOf<'delivery.outcome'>): string {
    const query = new URLSearchParams({
      messageId: outcome.payload.messageId,
      accountId: outcome.payload.accountId,
      tenantId: outcome.tenantId,
      attempt: String(outcome.payload.attempt),
    });
    return `${service.baseUrl}/twilio/status?${query.toString()}`;
  }

  const inbound = (from: string, body: string) =>
    standIn.simulateInboundSms({
      from,
      to: OUR_NUMBER,
      body,
      url: `${service.baseUrl}/twilio/inbound`,
    });

  const postBounce = (raw: string, token: string | null = BOUNCE_TOKEN) =>
    fetch(`${service.baseUrl}/email/bounces`, {
      method: 'POST',
      headers: {
        'content-type': 'message/rfc822',
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      body: raw,
    });

  beforeAll(async () => {
    ns = await provisionTestNamespace('tracker', [
      'contact.updated',
      'contact.consent',
      'contact.unreachable',
      'delivery.outcome',
    ]);
    service = await startTestTracker(ns, {}, log.logger);
    standIn = await TwilioStandIn.start({ authToken: AUTH_TOKEN, callbackDelayMs: 'manual' });
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'tracker-reader' });
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [
        ns.topic('delivery.outcome'),
        ns.topic('contact.consent'),
        ns.topic('contact.unreachable'),
      ],
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
  beforeEach(() => standIn.reset());

  describe('Twilio status callbacks', () => {
    it('turns a signed delivered callback into an outcome, and never moves a status back', async () => {
      const customer = aCustomer();
      const client = twilio(standIn.accountSid, AUTH_TOKEN, {
        httpClient: standInHttpClient(standIn.url),
      });
      const messageId = randomUUID();
      const placeholder = anAcceptedOutcome(customer, 'sms', { messageId });
      const sms = await client.messages.create({
        to: customer.phone,
        from: OUR_NUMBER,
        body: 'Example Bank: a payment is due. Reply STOP to opt out.',
        statusCallback: statusUrl(placeholder),
      });
      const outcome = anAcceptedOutcome(customer, 'sms', { messageId, providerMessageId: sms.sid });
      await accepted(outcome);

      await standIn.fireCallbacks(sms.sid);
      const callbacks = standIn.statusCallbacks(sms.sid);
      expect(callbacks.map((c) => [c.params['MessageStatus'], c.responseStatus])).toEqual([
        ['sent', 204],
        ['delivered', 204],
      ]);
      await until('sent and delivered', () => outcomes(messageId).length === 2);
      const [sent, delivered] = outcomes(messageId);
      expect(sent?.payload.status).toBe('sent');
      expect(delivered).toMatchObject({
        tenantId: customer.tenantId,
        correlationId: outcome.correlationId,
        causationId: outcome.eventId,
        payload: {
          accountId: customer.accountId,
          messageId,
          attempt: 1,
          channel: 'sms',
          provider: 'twilio',
          providerMessageId: sms.sid,
          status: 'delivered',
          retryable: false,
        },
      });

      // A late `sent` (Twilio's own signed callback, arriving again after `delivered`) and a
      // repeated `delivered` are answered, and change nothing.
      for (const callback of callbacks) {
        const params = Object.fromEntries(
          Object.entries(callback.params).map(([k, v]) => [
            k,
            typeof v === 'string' ? v : (v[0] ?? ''),
          ]),
        );
        const response = await fetch(callback.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            'x-twilio-signature': callback.signature,
          },
          body: new URLSearchParams(params).toString(),
        });
        expect(response.status).toBe(204);
      }
      await settle();
      expect(outcomes(messageId).map((e) => e.payload.status)).toEqual(['sent', 'delivered']);
      const record = await ns.mongo.db
        .collection<{ _id: string; status: string }>(TRACKER_DELIVERIES)
        .findOne({ _id: `${messageId}/1` });
      expect(record?.status).toBe('delivered');
    });

    it('reports an unreachable handset (30003) as undelivered and retryable', async () => {
      const customer = aCustomer();
      const client = twilio(standIn.accountSid, AUTH_TOKEN, {
        httpClient: standInHttpClient(standIn.url),
      });
      const outcome = anAcceptedOutcome(customer, 'sms');
      standIn.scenarioFor(customer.phone, twilioScenarios.unreachableHandset);
      const sms = await client.messages.create({
        to: customer.phone,
        from: OUR_NUMBER,
        body: 'Example Bank: a payment is due.',
        statusCallback: statusUrl(outcome),
      });
      await standIn.fireCallbacks(sms.sid);
      const messageId = outcome.payload.messageId;
      await until('the undelivered outcome', () =>
        outcomes(messageId).some((e) => e.payload.status === 'undelivered'),
      );
      expect(outcomes(messageId).at(-1)?.payload).toMatchObject({
        status: 'undelivered',
        retryable: true,
        errorCode: '30003',
        providerMessageId: sms.sid,
      });
    });

    it('makes a landline (30006) unreachable for texts, on every account with the number', async () => {
      const customer = aCustomer();
      const sameNumber = aCustomer({ phone: customer.phone, tenantId: 'bank-2' });
      await known(customer, sameNumber);
      const client = twilio(standIn.accountSid, AUTH_TOKEN, {
        httpClient: standInHttpClient(standIn.url),
      });
      const outcome = anAcceptedOutcome(customer, 'sms');
      standIn.scenarioFor(customer.phone, {
        kind: 'undeliverable',
        errorCode: 30006,
        finalStatus: 'failed',
      });
      const sms = await client.messages.create({
        to: customer.phone,
        from: OUR_NUMBER,
        body: 'Example Bank: a payment is due.',
        statusCallback: statusUrl(outcome),
      });
      await standIn.fireCallbacks(sms.sid);
      const messageId = outcome.payload.messageId;
      await until('the failed outcome', () =>
        outcomes(messageId).some((e) => e.payload.status === 'failed'),
      );
      expect(outcomes(messageId).at(-1)?.payload).toMatchObject({
        status: 'failed',
        retryable: false,
        errorCode: '30006',
      });
      for (const c of [customer, sameNumber]) {
        await until(
          `the number unreachable for ${c.accountId}`,
          () => unreachable(c.accountId).length === 1,
        );
        expect(unreachable(c.accountId)[0]?.payload).toMatchObject({
          channel: 'sms',
          address: customer.phone,
          reason: 'landline',
          source: 'tracker',
          errorCode: '30006',
          evidenceRef: `twilio-sms:${sms.sid}`,
        });
      }
      expect(revocations(customer.accountId)).toHaveLength(0);
    });

    it('answers a forged or unsigned callback with 403, and publishes and records nothing', async () => {
      const customer = aCustomer();
      const outcome = anAcceptedOutcome(customer, 'sms');
      const url = statusUrl(outcome);
      const params = { MessageSid: 'SM' + '0'.repeat(32), MessageStatus: 'delivered' };
      const body = new URLSearchParams(params).toString();
      const post = (headers: Record<string, string>) =>
        fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body,
        });
      expect((await post({})).status).toBe(403);
      const forged = computeTwilioSignature('not-the-auth-token', url, params);
      expect((await post({ 'x-twilio-signature': forged })).status).toBe(403);
      // Signed for another message, replayed against this one.
      const other = computeTwilioSignature(
        AUTH_TOKEN,
        url.replace(outcome.payload.messageId, 'x'),
        params,
      );
      expect((await post({ 'x-twilio-signature': other })).status).toBe(403);
      await settle();
      expect(outcomes(outcome.payload.messageId)).toHaveLength(0);
      expect(
        await ns.mongo.db.collection(TRACKER_DELIVERIES).countDocuments({
          messageId: outcome.payload.messageId,
        }),
      ).toBe(0);
      // The right signature, for comparison, goes through.
      const signed = computeTwilioSignature(AUTH_TOKEN, url, params);
      expect((await post({ 'x-twilio-signature': signed })).status).toBe(204);
      await until('the signed one', () => outcomes(outcome.payload.messageId).length === 1);
    });
  });

  describe('replies', () => {
    it('revokes SMS consent for every account with the number at once, and confirms once', async () => {
      const phone = `+1646555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
      const first = aCustomer({ phone });
      const second = aCustomer({ phone, tenantId: 'bank-2' });
      const bystander = aCustomer();
      await known(first, second, bystander);

      const stop = await inbound(phone, ' Stop ');
      expect(stop.responseStatus).toBe(200);
      expect(stop.responseBody).toContain('<Message>');
      expect(stop.responseBody).toContain('unsubscribed');
      for (const customer of [first, second]) {
        await until(
          `the revocations of ${customer.accountId}`,
          () => revocations(customer.accountId).length === 2,
        );
        expect(revocations(customer.accountId).map((e) => e.payload)).toEqual(
          ['servicing', 'marketing'].map((purpose) => ({
            accountId: customer.accountId,
            channel: 'sms',
            address: phone,
            purpose,
            status: 'revoked',
            basis: 'customer-request',
            source: 'sms-reply',
            at: expect.any(String) as string,
            evidenceRef: expect.stringMatching(/^twilio-sms:SM/) as string,
          })),
        );
        expect(revocations(customer.accountId)[0]?.tenantId).toBe(customer.tenantId);
      }

      // Again, in Chinese: withdrawn again (harmless), not confirmed again.
      const again = await inbound(phone, '退订');
      expect(again.responseStatus).toBe(200);
      expect(again.responseBody).not.toContain('<Message>');
      await settle();
      expect(revocations(bystander.accountId)).toHaveLength(0);
    });

    it('answers 退订 in Chinese, HELP and START with a text, and anything else with nothing', async () => {
      const customer = aCustomer();
      await known(customer);
      const td = await inbound(customer.phone, 'TD');
      expect(td.responseBody).toContain('您已成功退订');
      await until('the revocation', () => revocations(customer.accountId).length === 2);

      const help = await inbound(customer.phone, 'help');
      expect(help.responseBody).toMatch(/<Message>For help/);
      const start = await inbound(customer.phone, 'START');
      expect(start.responseBody).toContain('<Message>');
      const chat = await inbound(customer.phone, 'I will pay on Friday');
      expect(chat.responseStatus).toBe(200);
      expect(chat.responseBody).not.toContain('<Message>');
      // START grants nothing (the bank confirms consent), but a later STOP is confirmed again.
      await settle();
      const grants = seen.filter(
        (e) =>
          e.type === 'contact.consent' &&
          e.payload.accountId === customer.accountId &&
          e.payload.status === 'granted' &&
          e.eventId !== customer.consent.eventId,
      );
      expect(grants).toHaveLength(0);
      const stopAgain = await inbound(customer.phone, 'STOP');
      expect(stopAgain.responseBody).toContain('<Message>');
    });

    it('refuses an unsigned inbound message', async () => {
      const response = await fetch(`${service.baseUrl}/twilio/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ From: aCustomer().phone, Body: 'STOP', MessageSid: 'SMx' }),
      });
      expect(response.status).toBe(403);
    });
  });

  describe('bounces', () => {
    const original = (messageId: string, to: string) =>
      [
        'From: Example Bank <service@example-bank.cn>',
        `To: ${to}`,
        'Subject: Your payment',
        `X-Kindly-Message-Id: ${messageId}`,
        '',
        'Hello',
      ].join('\r\n');

    it('turns a hard bounce into `bounced` and makes the address unreachable on every account with it, withdrawing no consent', async () => {
      const customer = aCustomer();
      const sameAddress = aCustomer({ email: customer.email, tenantId: 'bank-2' });
      await known(customer, sameAddress);
      const outcome = anAcceptedOutcome(customer, 'email');
      await accepted(outcome);
      const messageId = outcome.payload.messageId;
      const raw = buildDsn({
        original: original(messageId, customer.email),
        recipient: customer.email,
        status: '5.1.1',
        to: `bounces+${messageId}@${BOUNCE_DOMAIN}`,
      });

      expect((await postBounce(raw, 'a-wrong-token-0123456')).status).toBe(401);
      const response = await postBounce(raw);
      expect(response.status).toBe(202);
      await until('the bounced outcome', () => outcomes(messageId).length === 1);
      expect(outcomes(messageId)[0]).toMatchObject({
        correlationId: outcome.correlationId,
        payload: {
          messageId,
          channel: 'email',
          provider: 'smtp',
          status: 'bounced',
          retryable: false,
          errorCode: '5.1.1',
        },
      });
      for (const c of [customer, sameAddress]) {
        await until(
          `the address unreachable for ${c.accountId}`,
          () => unreachable(c.accountId).length === 1,
        );
        expect(unreachable(c.accountId)[0]).toMatchObject({
          tenantId: c.tenantId,
          payload: {
            channel: 'email',
            address: customer.email,
            reason: 'hard-bounce',
            source: 'tracker',
            errorCode: '5.1.1',
          },
        });
      }
      // A fact about the address, not a withdrawal of consent.
      await settle();
      expect(revocations(customer.accountId)).toHaveLength(0);
      expect(revocations(sameAddress.accountId)).toHaveLength(0);
      // The same report again: no second outcome.
      expect((await postBounce(raw)).status).toBe(202);
      await settle();
      expect(outcomes(messageId)).toHaveLength(1);
    });

    it('takes a soft bounce over SMTP as undelivered and retryable, and withdraws nothing', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = anAcceptedOutcome(customer, 'email');
      await accepted(outcome);
      const messageId = outcome.payload.messageId;
      const smtpPort = service.tracker.smtpPort;
      if (smtpPort === undefined) throw new Error('the SMTP listener did not start');
      await sendDsn(
        { host: '127.0.0.1', port: smtpPort },
        {
          original: original(messageId, customer.email),
          recipient: customer.email,
          status: '4.2.2',
          action: 'delayed',
          to: `bounces+${messageId}@${BOUNCE_DOMAIN}`,
        },
      );
      await until('the soft bounce', () => outcomes(messageId).length === 1);
      expect(outcomes(messageId)[0]?.payload).toMatchObject({
        status: 'undelivered',
        retryable: true,
        errorCode: '4.2.2',
      });
      await settle();
      expect(revocations(customer.accountId)).toHaveLength(0);
      expect(unreachable(customer.accountId)).toHaveLength(0);
    });

    it('asks to be sent again a report on a message it does not know yet, and refuses what is not a DSN', async () => {
      const messageId = randomUUID();
      const raw = buildDsn({
        original: original(messageId, 'x@example.com'),
        recipient: 'x@example.com',
        status: '5.1.1',
        to: `bounces+${messageId}@${BOUNCE_DOMAIN}`,
      });
      const unknown = await postBounce(raw);
      expect(unknown.status).toBe(503);
      expect(unknown.headers.get('retry-after')).toBe('60');
      expect((await postBounce('Subject: hello\r\n\r\nnot a report')).status).toBe(422);
    });
  });

  describe('bounces that must change nothing', () => {
    const dsnFor = (messageId: string, email: string) =>
      buildDsn({
        original: [
          'From: Example Bank <service@example-bank.cn>',
          `To: ${email}`,
          `X-Kindly-Message-Id: ${messageId}`,
          '',
          'Hello',
        ].join('\r\n'),
        recipient: email,
        status: '5.1.1',
        to: `bounces+${messageId}@${BOUNCE_DOMAIN}`,
      });

    it('refuses a report without the token, or with a wrong one, with 401 and revokes nothing', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = anAcceptedOutcome(customer, 'email');
      await accepted(outcome);
      const raw = dsnFor(outcome.payload.messageId, customer.email);
      for (const token of [null, 'a-wrong-token', `${BOUNCE_TOKEN}x`, BOUNCE_TOKEN.slice(1)]) {
        const response = await postBounce(raw, token);
        expect(response.status).toBe(401);
        expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
        expect(await response.json()).toMatchObject({ status: 401 });
      }
      await settle();
      expect(outcomes(outcome.payload.messageId)).toHaveLength(0);
      expect(revocations(customer.accountId)).toHaveLength(0);
    });

    it('refuses a report about a message sent by SMS with 422, and revokes nothing', async () => {
      const customer = aCustomer();
      await known(customer);
      const sms = anAcceptedOutcome(customer, 'sms');
      await accepted(sms);
      const response = await postBounce(dsnFor(sms.payload.messageId, customer.email));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
      expect(await response.json()).toMatchObject({ status: 422, result: 'not-an-email' });
      await settle();
      expect(outcomes(sms.payload.messageId)).toHaveLength(0);
      expect(revocations(customer.accountId)).toHaveLength(0);
      const record = await ns.mongo.db
        .collection<{ _id: string; status: string }>(TRACKER_DELIVERIES)
        .findOne({ _id: `${sms.payload.messageId}/1` });
      expect(record?.status).toBe('accepted');
    });
  });

  describe('client errors', () => {
    const expectProblem = (answer: ProbeAnswer, status: number) => {
      expect(answer.status).toBe(status);
      expect(answer.contentType).toContain(PROBLEM_JSON);
      expect(answer.body).toMatchObject({ status });
      expect(typeof answer.body?.['type']).toBe('string');
      expect(typeof answer.body?.['title']).toBe('string');
      expect(typeof answer.body?.['detail']).toBe('string');
      expect(answer.text).not.toContain(PROBE_MARKER);
    };

    it('answers what no provider sends with 4xx problem bodies, logged as warnings only', async () => {
      const errorsBefore = log.at('error').length;
      const status = `${service.baseUrl}/twilio/status?messageId=m&accountId=a&tenantId=t&attempt=1`;
      const unsubscribeLink = `${service.baseUrl}/u/marketing/${randomUUID()}/${'A'.repeat(22)}`;
      // The tracker takes no JSON at all: JSON to Twilio's form routes is the wrong content
      // type (415), malformed or not; a form naming __proto__ or constructor is a 400.
      const cases: [string, ProbeName, number, Record<string, string>?][] = [
        [status, 'tooLargeForm', 413],
        [status, 'malformedJson', 415],
        [status, 'protoPollution', 415],
        [status, 'formProtoPollution', 400],
        [`${service.baseUrl}/twilio/inbound`, 'formProtoPollution', 400],
        [`${service.baseUrl}/twilio/inbound`, 'tooLargeForm', 413],
        [unsubscribeLink, 'tooLarge', 413],
        // Without the token, the body is not even read.
        [`${service.baseUrl}/email/bounces`, 'tooLarge', 401],
        [`${service.baseUrl}/no/such/route`, 'formBody', 404],
      ];
      for (const [url, name, code, headers] of cases) {
        expectProblem(await probe(url, name, headers), code);
      }
      // A bounce larger than any DSN, with the token: 413.
      const huge = await fetch(`${service.baseUrl}/email/bounces`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', authorization: `Bearer ${BOUNCE_TOKEN}` },
        body: `Subject: ${PROBE_MARKER}\r\n\r\n${'x'.repeat(11 * 1024 * 1024)}`,
      });
      expect(huge.status).toBe(413);
      expect(huge.headers.get('content-type')).toContain(PROBLEM_JSON);
      expect(await huge.text()).not.toContain(PROBE_MARKER);
      // An unsubscribe POST a machine sends gets a problem; a browser still gets a page.
      const machine = await fetch(unsubscribeLink, { method: 'POST' });
      expect(machine.status).toBe(404);
      expect(machine.headers.get('content-type')).toContain(PROBLEM_JSON);
      const browser = await fetch(unsubscribeLink, { headers: { accept: 'text/html' } });
      expect(browser.status).toBe(404);
      expect(browser.headers.get('content-type')).toContain('text/html');

      expect(log.at('error').slice(errorsBefore)).toEqual([]);
      const warnings = JSON.stringify(log.at('warn'));
      expect(warnings).toContain('"status":413');
      expect(warnings).not.toContain(PROBE_MARKER);
    });
  });

  describe('one-click unsubscribe', () => {
    const signatureOf = (outcome: EventOf<'delivery.outcome'>, purpose: string) =>
      createHmac('sha256', UNSUBSCRIBE_SECRET)
        .update(
          [outcome.tenantId, outcome.payload.accountId, outcome.payload.messageId, purpose].join(
            '\n',
          ),
        )
        .digest('base64url')
        .slice(0, 22);

    it('shows a page on GET, unsubscribes on the RFC 8058 POST, and refuses a bad signature', async () => {
      const customer = aCustomer();
      await known(customer);
      const outcome = anAcceptedOutcome(customer, 'email');
      await accepted(outcome);
      const link = `${service.baseUrl}/u/marketing/${outcome.payload.messageId}/${signatureOf(outcome, 'marketing')}`;

      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<form method="post">');
      expect(html).not.toContain(customer.email);
      await settle();
      expect(revocations(customer.accountId)).toHaveLength(0); // a GET never unsubscribes

      const bad = `${service.baseUrl}/u/marketing/${outcome.payload.messageId}/${signatureOf(outcome, 'servicing')}`;
      for (const method of ['GET', 'POST']) {
        const refused = await fetch(bad, {
          method,
          ...(method === 'POST'
            ? {
                headers: { 'content-type': 'application/x-www-form-urlencoded' },
                body: 'List-Unsubscribe=One-Click',
              }
            : {}),
        });
        expect(refused.status).toBe(403);
      }

      const post = await fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
        redirect: 'manual',
      });
      expect(post.status).toBe(200);
      await until('the unsubscribe', () => revocations(customer.accountId).length === 1);
      expect(revocations(customer.accountId)[0]?.payload).toMatchObject({
        channel: 'email',
        address: customer.email,
        purpose: 'marketing',
        status: 'revoked',
        basis: 'customer-request',
        source: 'email-unsubscribe',
      });
      // The /unsubscribe base serves the same links.
      const alias = link.replace('/u/', '/unsubscribe/');
      expect((await fetch(alias)).status).toBe(200);
    });
  });
});
