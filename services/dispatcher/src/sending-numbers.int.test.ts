/**
 * Each tenant's texts go out from its own number (issue 20, item 5): the renderer puts the
 * tenant's number from senders.yaml on the rendered SMS (`from`), and the dispatcher gives it to
 * Twilio as From, so the customer's reply reaches the number the tracker gives to that tenant.
 * On the real broker and server, against the Twilio stand-in.
 */
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { type AnyEvent, type EventOf } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, type Consumer } from '@kindly/kafka';
import type { BankInput } from '@kindly/rules';
import { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { bankTopics } from './entry-points/dispatcher.handlers.js';
import { DISPATCHER_ACCOUNTS } from './start-dispatcher.js';
import {
  aNewYorkAccount,
  dispatcherEnv,
  renderedEvent,
  SENDER,
  startReplica,
  until,
  type NewYorkAccount,
} from './testing/dispatcher-fixtures.js';

const NOW = '2026-03-04T14:00:00Z';
const BANK_1_NUMBER = '+12125550111';
const BANK_2_NUMBER = '+12125550122';

/** The account's facts and messages under another tenant. */
function underTenant(account: NewYorkAccount, tenantId: string): NewYorkAccount {
  const base = { ...account.base, tenantId };
  return {
    ...account,
    base,
    overdue: { ...account.overdue, tenantId },
    contact: { ...account.contact, tenantId },
    events: account.events.map((event): BankInput => ({ ...event, tenantId })),
  };
}

/** The rendered SMS as the renderer publishes it for a tenant with smsNumbers: `from` set. */
function renderedFrom(account: NewYorkAccount, from?: string): EventOf<'outreach.rendered'> {
  const event = renderedEvent(account, 'sms');
  if (event.payload.channel !== 'sms' || from === undefined) return event;
  return { ...event, payload: { ...event.payload, from } };
}

describe('the dispatcher sends each tenant’s texts from its own number', () => {
  let ns: ProvisionedNamespace;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  let replica: Awaited<ReturnType<typeof startReplica>> | undefined;
  const seen: AnyEvent[] = [];

  const accepted = (messageId: string) =>
    seen.some(
      (e) =>
        e.type === 'delivery.outcome' &&
        e.payload.messageId === messageId &&
        e.payload.status === 'accepted',
    );
  /** The From of each create request Twilio got for a number. */
  const fromsTo = (to: string) =>
    twilio
      .createRequests()
      .filter((r) => String(r.form?.['To']) === to)
      .map((r) => String(r.form?.['From']));

  async function sendAll(events: readonly (BankInput | EventOf<'outreach.rendered'>)[]) {
    if (!replica) throw new Error('no dispatcher');
    const publisher = createEventPublisher(
      replica.producer,
      bindTopics([...bankTopics, 'outreach.rendered'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }
  async function known(account: NewYorkAccount) {
    await sendAll(account.events);
    await until(`account ${account.accountId}`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>(DISPATCHER_ACCOUNTS)
        .findOne({ _id: `${account.base.tenantId}:${account.accountId}` });
      return (doc?.version ?? 0) >= account.events.length;
    });
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('dispatcher-numbers', [
      ...bankTopics,
      'outreach.rendered',
      'outreach.cancelled',
      'delivery.outcome',
    ]);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'numbers-reader' });
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({ topics: [ns.topic('delivery.outcome')], fromBeginning: true });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
    });
    replica = await startReplica({
      clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
      owner: 'dispatcher-numbers',
      env: dispatcherEnv(ns, { twilio, smtp }),
    });
  });
  afterAll(async () => {
    await replica?.stop();
    await reader?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    await ns?.cleanup();
  });

  it('gives Twilio each tenant’s number as From, one text each, and TWILIO_FROM when none', async () => {
    const first = underTenant(aNewYorkAccount(), 'bank-1');
    const second = underTenant(aNewYorkAccount(), 'bank-2');
    const unnumbered = underTenant(aNewYorkAccount(), 'bank-3');
    for (const account of [first, second, unnumbered]) await known(account);
    const messages = [
      renderedFrom(first, BANK_1_NUMBER),
      renderedFrom(second, BANK_2_NUMBER),
      renderedFrom(unnumbered),
    ];
    await sendAll(messages);
    for (const m of messages) {
      await until(`${m.payload.messageId} accepted`, () => accepted(m.payload.messageId));
    }
    expect(fromsTo(first.phone)).toEqual([BANK_1_NUMBER]);
    expect(fromsTo(second.phone)).toEqual([BANK_2_NUMBER]);
    // A message rendered before 1.3, or for a tenant without smsNumbers: the configured sender.
    expect(fromsTo(unnumbered.phone)).toEqual([SENDER]);
    expect(twilio.specViolations()).toEqual([]);
  });
});
