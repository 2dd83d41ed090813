/**
 * Issue 20, item 2, on the real broker and MongoDB-wire server: the dispatcher asks the
 * reassigned-numbers database (its stand-in) before a text to a US number; `yes` stops the text
 * and publishes `contact.unreachable` (reassigned); `no` lets it go; either answer is on the
 * message's outcome, which the audit service keeps for that message; a second text within the
 * policy's period asks nothing; the database down stops the text (the policy's `onError: stop`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankTopics } from '@kindly/account-state';
import { AUDIT_RECORDS } from '@kindly/audit';
import { startAuditService } from '@kindly/audit/testing';
import { ManualClock } from '@kindly/clock';
import {
  createEvent,
  deterministicId,
  eventTypes,
  type AnyEvent,
  type EventOf,
} from '@kindly/contracts';
import { startDispatcher } from '@kindly/dispatcher';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules, type BankInput } from '@kindly/rules';
import { aNewYorkAccount, TENANT } from '@kindly/scheduler/testing';
import type { StartedService } from '@kindly/service';
import { RndStandIn, SmtpCatcher, TwilioStandIn, waitUntil } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { collectEvents } from '../support/collect-events.js';
import { dispatcherSettings } from '../support/service-settings.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the 08:00–21:00 window.
const NOW = '2026-03-04T14:00:00Z';

/**
 * A New York customer 3 days past due, with consent to servicing texts given on 1 February at
 * 10:00 in New York (the date the database is asked about), and no e-mail address.
 */
function anAccount() {
  return aNewYorkAccount(`acct-rnd-${randomBytes(4).toString('hex')}`, {
    email: null,
    givenAt: '2026-02-01T15:00:00Z',
  });
}
type Account = ReturnType<typeof anAccount>;

/** The renderer's `outreach.rendered` for the account's `n`th text. */
function renderedSms(account: Account, n: number): EventOf<'outreach.rendered'> {
  const messageId = deterministicId(
    'message',
    account.accountId,
    account.cycleId,
    String(n),
    'sms',
  );
  const body = `Example Bank: your card is 3 days past due. Ref ${messageId.slice(0, 8)}. Reply STOP to opt out.`;
  return createEvent('outreach.rendered', {
    ...account.base,
    eventId: deterministicId('outreach.rendered', messageId),
    causationId: account.overdue.eventId,
    occurredAt: NOW,
    payload: {
      accountId: account.accountId,
      messageId,
      cycleId: account.cycleId,
      stage: 1,
      templateId: 'reminder-friendly-sms',
      templateVersion: '3',
      locale: 'en-US',
      purpose: 'servicing',
      latestSendAt: '2026-03-04T22:00:00Z',
      reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
      channel: 'sms',
      contentHash: createHash('sha256').update(body).digest('hex'),
      content: { body, encoding: 'GSM-7', segments: 1, units: body.length },
    },
  });
}

describe('reassigned numbers: the dispatcher asks before a text, the audit keeps the answer', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  let rnd: RndStandIn;
  let dispatcher: { service: StartedService; stop(): Promise<void> } | undefined;
  let audit: Awaited<ReturnType<typeof startAuditService>> | undefined;
  const seen: AnyEvent[] = [];
  const until = (what: string, condition: () => boolean | Promise<boolean>) =>
    waitUntil(condition, { timeoutMs: 60_000, what });

  const outcomesOf = (messageId: string) =>
    seen.filter(
      (e): e is EventOf<'delivery.outcome'> =>
        e.type === 'delivery.outcome' && e.payload.messageId === messageId,
    );
  const finalOutcome = async (messageId: string) => {
    await until(`the outcome of ${messageId}`, () =>
      outcomesOf(messageId).some((o) => !o.payload.retryable),
    );
    return outcomesOf(messageId).find((o) => !o.payload.retryable);
  };
  const auditedOutcome = async (messageId: string) => {
    const records = ns.mongo.db.collection<{
      messageId?: string;
      type: string;
      body?: { payload: EventOf<'delivery.outcome'>['payload'] };
    }>(AUDIT_RECORDS);
    let found: EventOf<'delivery.outcome'>['payload'] | undefined;
    await until(`the audit's record of ${messageId}'s outcome`, async () => {
      const record = await records.findOne({ messageId, type: 'delivery.outcome' });
      found = record?.body?.payload;
      return found !== undefined;
    });
    return found;
  };

  async function publish(...events: (BankInput | EventOf<'outreach.rendered'>)[]) {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'outreach.rendered'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }
  async function known(account: Account) {
    await publish(...account.events);
    await until(`account ${account.accountId} folded`, async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; version: number }>('dispatcher-accounts')
        .findOne({ _id: `${TENANT}:${account.accountId}` });
      return (doc?.version ?? 0) >= account.events.length;
    });
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('reassigned', eventTypes);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    rnd = await RndStandIn.start({ token: 'rnd-test-token-0001' });
    const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'reassigned-test' });
    producer = kafka.producer();
    await producer.connect();
    reader = await collectEvents(kafka, ns, ['delivery.outcome', 'contact.unreachable'], seen);
    audit = await startAuditService(ns);
    dispatcher = await startDispatcherForTest(ns, { twilio, smtp, rnd });
  });
  afterAll(async () => {
    await dispatcher?.stop();
    await audit?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    await rnd?.stop();
    await ns?.cleanup();
  });

  it('stops a text to a reassigned number, says so as contact.unreachable, and the audit has the answer', async () => {
    const account = anAccount();
    rnd.scenarioFor(account.phone, 'reassigned');
    await known(account);
    const rendered = renderedSms(account, 1);
    await publish(rendered);

    const outcome = await finalOutcome(rendered.payload.messageId);
    const [query, ...more] = rnd.queries().filter((q) => q.tn === account.phone.slice(2));
    expect(more).toEqual([]);
    // The date asked about: the day the customer gave the number with consent, in New York.
    expect(query).toMatchObject({ date: '2026-02-01', status: 200, result: 'yes' });
    const queryId = query?.queryId ?? '';
    expect(outcome?.payload).toMatchObject({
      status: 'failed',
      retryable: false,
      errorCode: 'LAST_LOOK:REASSIGNED_NUMBER',
      numberCheck: {
        database: 'fcc-rnd',
        answer: 'yes',
        since: '2026-02-01',
        queryId,
        askedAt: NOW,
      },
    });
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 0, accepted: 0 });

    // The number is someone else's now: for texts and for calls.
    const unreachable = () =>
      seen.filter(
        (e): e is EventOf<'contact.unreachable'> =>
          e.type === 'contact.unreachable' && e.payload.accountId === account.accountId,
      );
    await until('contact.unreachable', () => unreachable().length >= 2);
    expect(unreachable().map((e) => e.tenantId)).toEqual([TENANT, TENANT]);
    expect(
      unreachable()
        .map((e) => e.payload.channel)
        .sort(),
    ).toEqual(['sms', 'voice']);
    for (const event of unreachable()) {
      expect(event.payload).toMatchObject({
        accountId: account.accountId,
        address: account.phone,
        reason: 'reassigned',
        source: 'reassigned-numbers',
        at: NOW,
        evidenceRef: `fcc-rnd:${queryId}`,
      });
    }

    // The audit keeps the stop with the answer it was made on: the safe-harbour evidence.
    const audited = await auditedOutcome(rendered.payload.messageId);
    expect(audited?.numberCheck).toEqual({
      database: 'fcc-rnd',
      answer: 'yes',
      since: '2026-02-01',
      queryId,
      askedAt: NOW,
    });
  });

  it('sends a text when the number was not reassigned, with the answer on the record, and asks once per period', async () => {
    const account = anAccount();
    rnd.scenarioFor(account.phone, 'not-reassigned');
    await known(account);
    const first = renderedSms(account, 1);
    await publish(first);
    const accepted = await finalOutcome(first.payload.messageId);
    expect(accepted?.payload.status).toBe('accepted');
    const queryId = rnd.queries().find((q) => q.tn === account.phone.slice(2))?.queryId ?? '';
    expect(queryId).not.toBe('');
    expect(accepted?.payload.numberCheck).toMatchObject({ answer: 'no', queryId });
    expect((await auditedOutcome(first.payload.messageId))?.numberCheck).toMatchObject({
      answer: 'no',
      queryId,
    });

    // A second text within the period: the answer in hand serves, the database is not asked.
    const second = renderedSms(account, 2);
    await publish(second);
    const again = await finalOutcome(second.payload.messageId);
    expect(again?.payload.status).toBe('accepted');
    expect(again?.payload.numberCheck).toMatchObject({ answer: 'no', queryId });
    expect(rnd.countFor(account.phone)).toBe(1);
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 2, accepted: 2 });
  });

  it('stops the text on no data (no safe-harbour evidence) and when the database cannot be asked', async () => {
    const noData = anAccount();
    rnd.scenarioFor(noData.phone, 'no-data');
    await known(noData);
    const sent = renderedSms(noData, 1);
    await publish(sent);
    const refused = await finalOutcome(sent.payload.messageId);
    // The shipped policy's onNoData is stop: the answer is kept on the outcome all the same.
    expect(refused?.payload).toMatchObject({
      status: 'failed',
      errorCode: 'LAST_LOOK:REASSIGNED_NO_DATA',
      numberCheck: { answer: 'no-data' },
    });
    expect(twilio.countsTo(noData.phone).requests).toBe(0);

    const down = anAccount();
    rnd.scenarioFor(down.phone, 'error');
    await known(down);
    const held = renderedSms(down, 1);
    await publish(held);
    const stopped = await finalOutcome(held.payload.messageId);
    expect(stopped?.payload).toMatchObject({
      status: 'failed',
      errorCode: 'LAST_LOOK:REASSIGNED_CHECK_UNAVAILABLE',
    });
    expect(stopped?.payload.numberCheck).toBeUndefined();
    expect(twilio.countsTo(down.phone).requests).toBe(0);
    expect(
      seen.some((e) => e.type === 'contact.unreachable' && e.payload.accountId === down.accountId),
    ).toBe(false);
  });
});

/** A dispatcher as its composition root starts one, pointed at the stand-ins. */
async function startDispatcherForTest(
  ns: ProvisionedNamespace,
  standIns: { twilio: TwilioStandIn; smtp: SmtpCatcher; rnd: RndStandIn },
): Promise<{ service: StartedService; stop(): Promise<void> }> {
  const settings = dispatcherSettings(ns, standIns);
  const kafka = createKafka({ brokers: settings.KAFKA_BROKERS, clientId: 'dispatcher-rnd' });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: settings.MONGODB_URI,
    database: settings.MONGODB_DATABASE,
    appName: 'dispatcher-rnd',
  });
  const service = await startDispatcher(
    {
      settings,
      logger: createLogger({ service: 'dispatcher', level: 'silent' }),
      metrics: createMetrics({ service: 'dispatcher' }),
      clock: new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' })),
      kafka,
      producer,
      mongo,
    },
    loadPlanningRules(),
    { owner: 'dispatcher-rnd' },
  );
  return {
    service,
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}
