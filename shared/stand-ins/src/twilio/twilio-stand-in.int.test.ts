import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import twilio from 'twilio';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../wait-until.js';
import { parseFormParams } from './form-params.js';
import { standInHttpClient } from './stand-in-http-client.js';
import { twilioScenarios } from './twilio-scenarios.js';
import { TwilioStandIn } from './twilio-stand-in.js';

/** What a tracker would receive: each webhook with its signature and parameters as posted. */
interface ReceivedWebhook {
  readonly path: string;
  readonly signature: string | undefined;
  readonly idempotencyToken: string | undefined;
  readonly params: Record<string, string | string[]>;
}

async function startReceiver(): Promise<{
  server: Server;
  url: string;
  received: ReceivedWebhook[];
}> {
  const received: ReceivedWebhook[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        path: request.url ?? '',
        signature: request.headers['x-twilio-signature'] as string | undefined,
        idempotencyToken: request.headers['i-twilio-idempotency-token'] as string | undefined,
        params: parseFormParams(Buffer.concat(chunks).toString('utf8')),
      });
      response.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const SENDER = '+15005550001';

describe('Twilio stand-in with the official twilio client', () => {
  let standIn: TwilioStandIn;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let client: twilio.Twilio;

  beforeAll(async () => {
    receiver = await startReceiver();
    standIn = await TwilioStandIn.start({
      callbackDelayMs: 5,
      apiKeys: { SK0123456789abcdef0123456789abcdef: 'key-secret' },
    });
    client = twilio(standIn.accountSid, standIn.authToken, {
      httpClient: standInHttpClient(standIn.url),
    });
  });
  afterEach(() => {
    standIn.reset();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await standIn.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('creates a message, fetches and lists it, in Twilio shapes', async () => {
    const created = await client.messages.create({
      to: '+15005550006',
      from: SENDER,
      body: 'Your payment is overdue.',
      statusCallback: `${receiver.url}/twilio/status`,
    });
    expect(created.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(created.status).toBe('queued');
    expect(created.numSegments).toBe('1');
    expect(created.accountSid).toBe(standIn.accountSid);
    expect(created.dateCreated).toBeInstanceOf(Date);
    expect(created.uri).toBe(
      `/2010-04-01/Accounts/${standIn.accountSid}/Messages/${created.sid}.json`,
    );

    const fetched = await client.messages(created.sid).fetch();
    expect(fetched.body).toBe('Your payment is overdue.');
    expect(fetched.to).toBe('+15005550006');

    const listed = await client.messages.list({ to: '+15005550006', limit: 20 });
    expect(listed.map((m) => m.sid)).toEqual([created.sid]);
    expect(standIn.countsTo('+15005550006')).toEqual({ requests: 1, accepted: 1 });
    expect(standIn.specViolations()).toEqual([]);
  });

  it('pages through a list the way the client follows next_page_uri', async () => {
    for (let i = 0; i < 5; i += 1) {
      await client.messages.create({ to: '+15005550007', from: SENDER, body: `n${i}` });
    }
    const listed = await client.messages.list({ to: '+15005550007', pageSize: 2 });
    expect(listed.map((m) => m.body)).toEqual(['n4', 'n3', 'n2', 'n1', 'n0']);
    expect(standIn.requests().filter((r) => r.method === 'GET')).toHaveLength(3);
    expect(standIn.specViolations()).toEqual([]);
  });

  it('answers configured numbers with Twilio errors the client raises as RestException', async () => {
    standIn.scenarioFor('+15005550009', twilioScenarios.invalidNumber);
    standIn.scenarioFor('+15005550010', twilioScenarios.notMobile);
    standIn.scenarioFor('+15005550011', twilioScenarios.unsubscribed);
    standIn.scenarioFor('+15005550012', twilioScenarios.rateLimited, 1);
    standIn.scenarioForNext(1, twilioScenarios.serverError);

    const attempt = (to: string) =>
      client.messages.create({ to, from: SENDER, body: 'x' }).then(
        () => ({
          status: 201,
          code: undefined as number | undefined,
          moreInfo: undefined as string | undefined,
        }),
        (error: twilio.RestException) => ({
          status: error.status,
          code: error.code,
          moreInfo: error.moreInfo,
        }),
      );
    expect(await attempt('+15005550013')).toMatchObject({ status: 500, code: 20500 });
    expect(await attempt('+15005550009')).toEqual({
      status: 400,
      code: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
    expect(await attempt('+15005550010')).toMatchObject({ status: 400, code: 21614 });
    expect(await attempt('+15005550011')).toMatchObject({ status: 400, code: 21610 });
    expect(await attempt('+15005550012')).toMatchObject({ status: 429, code: 20429 });
    // `times: 1` — the retry gets through.
    expect(await attempt('+15005550012')).toMatchObject({ status: 201 });
    expect(standIn.countsTo('+15005550012')).toEqual({ requests: 2, accepted: 1 });
  });

  it('refuses wrong credentials with 20003 and accepts an API key', async () => {
    const forged = twilio(standIn.accountSid, 'wrong-token', {
      httpClient: standInHttpClient(standIn.url),
    });
    await expect(
      forged.messages.create({ to: '+15005550006', from: SENDER, body: 'x' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });

    const withKey = twilio('SK0123456789abcdef0123456789abcdef', 'key-secret', {
      accountSid: standIn.accountSid,
      httpClient: standInHttpClient(standIn.url),
    });
    const created = await withKey.messages.create({ to: '+15005550006', from: SENDER, body: 'x' });
    expect(created.status).toBe('queued');
  });

  it('posts signed status callbacks sent → delivered that twilio.validateRequest accepts', async () => {
    const url = `${receiver.url}/twilio/status?tenant=demo`;
    const created = await client.messages.create({
      to: '+15005550006',
      from: SENDER,
      body: 'Hi',
      statusCallback: url,
    });
    await standIn.callbacksSettled();

    expect(receiver.received.map((r) => r.params['MessageStatus'])).toEqual(['sent', 'delivered']);
    for (const callback of receiver.received) {
      expect(callback.params['MessageSid']).toBe(created.sid);
      expect(callback.idempotencyToken).toBeTruthy();
      expect(
        twilio.validateRequest(standIn.authToken, callback.signature ?? '', url, callback.params),
      ).toBe(true);
    }
    const delivered = receiver.received[1]!;
    const tampered = { ...delivered.params, MessageStatus: 'undelivered' };
    expect(
      twilio.validateRequest(standIn.authToken, delivered.signature ?? '', url, tampered),
    ).toBe(false);
    expect(
      twilio.validateRequest('another-token', delivered.signature ?? '', url, delivered.params),
    ).toBe(false);
    expect((await client.messages(created.sid).fetch()).status).toBe('delivered');
  });

  it('reports 30003 as undelivered with the ErrorCode, after sent', async () => {
    standIn.scenarioFor('+15005550020', twilioScenarios.unreachableHandset);
    const created = await client.messages.create({
      to: '+15005550020',
      from: SENDER,
      body: 'Hi',
      statusCallback: `${receiver.url}/status`,
    });
    expect(created.status).toBe('queued');
    await standIn.callbacksSettled();
    expect(
      receiver.received.map((r) => [r.params['MessageStatus'], r.params['ErrorCode']]),
    ).toEqual([
      ['sent', undefined],
      ['undelivered', '30003'],
    ]);
    const fetched = await client.messages(created.sid).fetch();
    expect(fetched).toMatchObject({
      status: 'undelivered',
      errorCode: 30003,
      errorMessage: 'Unreachable destination handset',
    });
  });

  it('with a Messaging Service, starts accepted and reports queued, sent, delivered', async () => {
    const created = await client.messages.create({
      to: '+15005550006',
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      body: 'Hi',
      statusCallback: `${receiver.url}/status`,
    });
    expect(created.status).toBe('accepted');
    await standIn.callbacksSettled();
    expect(receiver.received.map((r) => r.params['MessageStatus'])).toEqual([
      'queued',
      'sent',
      'delivered',
    ]);
    expect(receiver.received[0]?.params['MessagingServiceSid']).toBe(
      'MG0123456789abcdef0123456789abcdef',
    );
  });

  it('reports requests that disagree with Twilio’s OpenAPI description', async () => {
    const response = await fetch(
      `${standIn.url}/2010-04-01/Accounts/${standIn.accountSid}/Messages.json`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${standIn.accountSid}:${standIn.authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          From: SENDER,
          Body: 'x',
          StatusCallBack: 'http://x/cb',
          ValidityPeriod: 'soon',
        }),
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 21604 });
    const [violation] = standIn.specViolations();
    expect(violation?.operation).toBe('POST /2010-04-01/Accounts/{AccountSid}/Messages.json');
    expect(violation?.specProblems).toEqual([
      'form: missing required parameter To',
      'form: unknown parameter StatusCallBack',
      'form: ValidityPeriod must be integer',
    ]);
  });

  it('posts a signed inbound STOP, after which sends to that number fail with 21610', async () => {
    const inboundUrl = `${receiver.url}/twilio/inbound`;
    const webhook = await standIn.simulateInboundSms({
      from: '+15005550030',
      to: SENDER,
      body: 'Stop',
      url: inboundUrl,
    });
    expect(webhook.responseStatus).toBe(200);
    const [received] = receiver.received;
    expect(received?.params).toMatchObject({
      From: '+15005550030',
      To: SENDER,
      Body: 'Stop',
      SmsStatus: 'received',
    });
    expect(
      twilio.validateRequest(
        standIn.authToken,
        received?.signature ?? '',
        inboundUrl,
        received?.params ?? {},
      ),
    ).toBe(true);

    await expect(
      client.messages.create({ to: '+15005550030', from: SENDER, body: 'x' }),
    ).rejects.toMatchObject({
      code: 21610,
    });
    await standIn.simulateInboundSms({
      from: '+15005550030',
      to: SENDER,
      body: 'START',
      url: inboundUrl,
    });
    await expect(
      client.messages.create({ to: '+15005550030', from: SENDER, body: 'x' }),
    ).resolves.toMatchObject({
      status: 'queued',
    });
  });

  it('holds callbacks in manual mode until fireCallbacks', async () => {
    const manual = await TwilioStandIn.start({ callbackDelayMs: 'manual' });
    try {
      const manualClient = twilio(manual.accountSid, manual.authToken, {
        httpClient: standInHttpClient(manual.url),
      });
      const created = await manualClient.messages.create({
        to: '+15005550006',
        from: SENDER,
        body: 'Hi',
        statusCallback: `${receiver.url}/status`,
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(receiver.received).toHaveLength(0);
      await manual.fireCallbacks(created.sid);
      expect(receiver.received.map((r) => r.params['MessageStatus'])).toEqual([
        'sent',
        'delivered',
      ]);
      expect(manual.statusCallbacks(created.sid).every((w) => w.responseStatus === 200)).toBe(true);
    } finally {
      await manual.stop();
    }
  });

  it('records a callback whose receiver is down instead of failing', async () => {
    await client.messages.create({
      to: '+15005550006',
      from: SENDER,
      body: 'Hi',
      statusCallback: 'http://127.0.0.1:9/cb',
    });
    await standIn.callbacksSettled();
    await waitUntil(() => standIn.statusCallbacks().length === 2);
    expect(standIn.statusCallbacks().every((w) => w.responseStatus === undefined && w.error)).toBe(
      true,
    );
  });
});
