import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageReferenceOf, type AnyEvent, type EventOf } from '@kindly/contracts';
import { PROBLEM_JSON } from '@kindly/http';
import { recordingLogger } from '@kindly/http/testing';
import { bindTopics, createEventPublisher, createKafka, type Consumer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { TRACKER_DELIVERIES } from './data-access/deliveries.repository.js';
import { TRACKER_PAYMENT_CLICKS } from './data-access/payment-clicks.repository.js';
import { clickEvent } from './domain/tracker-events.js';
import { defaultSendersFile } from './data-access/sending-numbers.js';
import {
  aCustomer,
  anAcceptedOutcome,
  startTestTracker,
  until,
} from './testing/tracker-fixtures.js';

const PAGE = 'https://pay.example-bank.com/r';
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));

describe('payment links through the tracker, on the real broker, server and HTTP port', () => {
  let ns: ProvisionedNamespace;
  let service: Awaited<ReturnType<typeof startTestTracker>>;
  let reader: Consumer;
  let folder: string;
  const seen: AnyEvent[] = [];
  const log = recordingLogger('tracker');

  const clicks = (messageId: string) =>
    seen.filter(
      (e): e is EventOf<'delivery.outcome'> =>
        e.type === 'delivery.outcome' &&
        e.payload.messageId === messageId &&
        e.payload.status === 'clicked',
    );

  /** A message the dispatcher reported sent, recorded by the tracker. */
  async function sentMessage(tenantId?: string): Promise<EventOf<'delivery.outcome'>> {
    const accepted = anAcceptedOutcome(aCustomer(), 'sms', { messageId: randomUUID() });
    const outcome = tenantId === undefined ? accepted : { ...accepted, tenantId };
    const publisher = createEventPublisher(
      service.producer,
      bindTopics(['delivery.outcome'], ns.prefix),
    );
    await publisher.publish('delivery.outcome', [outcome]);
    await until('the accepted outcome', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; causationId: string | null }>(TRACKER_DELIVERIES)
        .findOne({ _id: `${outcome.payload.messageId}/1` });
      return doc?.causationId === outcome.eventId;
    });
    return outcome;
  }

  const follow = (reference: string, method = 'GET') =>
    fetch(`${service.baseUrl}/c/${reference}`, { method, redirect: 'manual' });

  beforeAll(async () => {
    // The shipped senders file with the US profile's e-mail and SMS links through the tracker.
    folder = mkdtempSync(join(tmpdir(), 'kindly-tracker-senders-'));
    const senders = join(folder, 'senders.yaml');
    const shipped = readFileSync(defaultSendersFile, 'utf8');
    const tracked = shipped.replace(
      '          smsLinkBase: https://exb.example/p\n',
      '          smsLinkBase: https://exb.example/p\n' +
        '          tracking: { linkBase: https://exb.example/c, channels: [email, sms] }\n',
    );
    expect(tracked).not.toBe(shipped);
    // Another bank, named in the file, whose profile does not use the route.
    writeFileSync(
      senders,
      `${tracked.trimEnd()}\n  other-bank:\n    jurisdictions:\n      US:\n` +
        '        payment:\n          linkBase: https://pay.other-bank.example/r\n',
    );
    ns = await provisionTestNamespace('tracker-clicks', [
      'contact.updated',
      'contact.consent',
      'contact.unreachable',
      'delivery.outcome',
    ]);
    service = await startTestTracker(
      ns,
      {
        TRACKER_SENDERS_FILE: senders,
        // The fixtures' tenant is none the file names: the demo bank's profiles serve it.
        RENDERER_FALLBACK_SENDER: 'demo-bank',
        // The clicks' recovery sweep, often and soon enough for a test to see.
        RECOVERY_INTERVAL_MS: '200',
        RECOVERY_GRACE_MS: '5000',
      },
      log.logger,
    );
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'clicks-reader' });
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
    await service?.stop();
    await ns?.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('redirects to the payment page with the reference and publishes one clicked outcome, clicked twice', async () => {
    const accepted = await sentMessage();
    const { messageId } = accepted.payload;
    const signed = `k2026.${messageReferenceOf(messageId)}.ABCDEFGHIJKLMNOPQRSTUVWXYZ`;

    const first = await follow(signed);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`${PAGE}/${signed}`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    const second = await follow(messageReferenceOf(messageId));
    expect(second.status).toBe(302);
    expect(second.headers.get('location')).toBe(`${PAGE}/${messageReferenceOf(messageId)}`);

    await until('the clicked outcome', () => clicks(messageId).length >= 1);
    await settle();
    expect(clicks(messageId)).toHaveLength(1);
    expect(clicks(messageId)[0]).toMatchObject({
      tenantId: accepted.tenantId,
      correlationId: accepted.correlationId,
      causationId: accepted.eventId,
      payload: {
        accountId: accepted.payload.accountId,
        messageId,
        attempt: 1,
        channel: 'sms',
        status: 'clicked',
        retryable: false,
      },
    });
    // Logged by message id, never the reference the customer followed.
    expect(JSON.stringify(log.records())).not.toContain(signed);
  });

  it('sends a forged reference to the same place and publishes nothing', async () => {
    const accepted = await sentMessage();
    const allClicks = () =>
      seen.filter((e) => e.type === 'delivery.outcome' && e.payload.status === 'clicked');
    const before = allClicks().length;
    const forged = 'KD0000000000';
    const answer = await follow(forged);
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe(`${PAGE}/${forged}`);
    // A HEAD (a link scanner) counts nothing either.
    const head = await follow(messageReferenceOf(accepted.payload.messageId), 'HEAD');
    expect(head.status).toBe(302);
    await settle();
    expect(clicks(accepted.payload.messageId)).toEqual([]);
    expect(allClicks()).toHaveLength(before);
  });

  it('answers a text of no reference’s shape with a 404 problem that does not quote it', async () => {
    const text = 'KD<script>alert(1)</script>';
    const answer = await follow(encodeURIComponent(text));
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toContain(PROBLEM_JSON);
    const body = await answer.text();
    expect(body).not.toContain('script');
    expect(body).not.toContain('KD');
  });
  it('publishes a click a crash left recorded and unpublished, with no further click', async () => {
    const accepted = await sentMessage();
    const { messageId, accountId } = accepted.payload;
    const at = '2026-03-04T14:00:00.000Z';
    // What a crash between recording the first click and publishing it leaves behind.
    const event = clickEvent(
      {
        tenantId: accepted.tenantId,
        accountId,
        messageId,
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        correlationId: accepted.correlationId,
        causationId: accepted.eventId,
        status: 'accepted',
        rank: 1,
      },
      at,
    );
    await ns.mongo.db.collection(TRACKER_PAYMENT_CLICKS).insertOne({
      _id: messageId as never,
      eventId: event.eventId,
      at,
      pending: true,
      event,
      pendingSince: new Date(Date.now() - 60_000),
    });
    await until('the swept clicked outcome', () => clicks(messageId).length >= 1);
    await settle();
    expect(clicks(messageId)).toHaveLength(1);
    expect(clicks(messageId)[0]).toMatchObject({ eventId: event.eventId, payload: { at } });
    const stored = await ns.mongo.db
      .collection<{ _id: string; pending: boolean }>(TRACKER_PAYMENT_CLICKS)
      .findOne({ _id: messageId });
    expect(stored?.pending).toBe(false);
  });
  it('counts no click of another bank’s message on a route its profiles do not use', async () => {
    const accepted = await sentMessage('other-bank');
    const answer = await follow(messageReferenceOf(accepted.payload.messageId));
    expect(answer.status).toBe(302);
    await settle();
    expect(clicks(accepted.payload.messageId)).toEqual([]);
  });
});
