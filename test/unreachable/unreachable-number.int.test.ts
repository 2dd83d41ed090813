/**
 * Issue 20, item 1, on the real broker and MongoDB-wire server: Twilio refuses a text to an
 * account's number with 21614 (not a mobile number) in its answer to the create-message call;
 * the dispatcher publishes `contact.unreachable` for the number (no consent is touched); the
 * planner folds it, and the account's next message (its next cycle's first stage, whose first
 * choice is a text) goes by e-mail.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  createEvent,
  eventTypes,
  newEventId,
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
  type Kafka,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { createMetrics } from '@kindly/observability';
import { PlannerSettingsSchema, startPlanner } from '@kindly/planner';
import { loadPlanningRules, type BankInput } from '@kindly/rules';
import { aNewYorkAccount, TENANT } from '@kindly/scheduler/testing';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { SmtpCatcher, TwilioStandIn, twilioScenarios, waitUntil } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { collectEvents } from '../support/collect-events.js';
import { dispatcherSettings, namespaceEnv } from '../support/service-settings.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the 08:00–21:00 window.
const NOW = '2026-03-04T14:00:00Z';
const rules = loadPlanningRules();

/** A New York customer with a mobile number and an e-mail address, consent for both. */
function anAccount() {
  const accountId = `acct-unr-${randomBytes(4).toString('hex')}`;
  const email = `${accountId}@example.com`;
  const { phone, contact, consent, overdue } = aNewYorkAccount(accountId, {
    email,
    givenAt: '2026-02-01T15:00:00Z',
  });
  const emailConsent: EventOf<'contact.consent'> = {
    ...consent,
    eventId: newEventId(),
    payload: { ...consent.payload, channel: 'email', address: email },
  };
  return {
    accountId,
    phone,
    email,
    contact,
    consents: [consent, emailConsent],
    /** The account's overdue event for a cycle that fell due on `dueDate`. */
    overdue: (dueDate: string, occurredAt: string): EventOf<'account.overdue'> => ({
      ...overdue,
      correlationId: `cycle-${accountId}-${dueDate}`,
      eventId: newEventId(),
      occurredAt,
      payload: { ...overdue.payload, cycleId: `${accountId}-${dueDate}`, dueDate },
    }),
  };
}

/** The renderer's `outreach.rendered` for a planned text (the renderer does not run here). */
function renderedSms(planned: EventOf<'outreach.planned'>): EventOf<'outreach.rendered'> {
  const p = planned.payload;
  const body = `Example Bank: your card is 3 days past due. Ref ${p.messageId.slice(0, 8)}. Reply STOP to opt out.`;
  return createEvent('outreach.rendered', {
    eventId: newEventId(),
    occurredAt: NOW,
    correlationId: planned.correlationId,
    causationId: planned.eventId,
    tenantId: planned.tenantId,
    payload: {
      accountId: p.accountId,
      messageId: p.messageId,
      cycleId: p.cycleId,
      stage: p.stage,
      templateId: p.templateId,
      templateVersion: '3',
      locale: 'en-US',
      purpose: p.purpose,
      latestSendAt: p.latestSendAt,
      reasons: ['DPD_1_TO_7'],
      channel: 'sms',
      contentHash: createHash('sha256').update(body).digest('hex'),
      content: { body, encoding: 'GSM-7', segments: 1, units: body.length },
    },
  });
}

describe('an unreachable number: Twilio 21614, and the next message goes by e-mail', () => {
  let ns: ProvisionedNamespace;
  let kafka: Kafka;
  let producer: Producer;
  let reader: Consumer;
  let twilio: TwilioStandIn;
  let smtp: SmtpCatcher;
  const services: { stop(): Promise<void> }[] = [];
  const seen: AnyEvent[] = [];
  const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));
  const until = (what: string, condition: () => boolean | Promise<boolean>) =>
    waitUntil(condition, { timeoutMs: 60_000, what });
  const ofAccount = <K extends AnyEvent['type']>(type: K, accountId: string) =>
    seen.filter((e): e is EventOf<K> => e.type === type && e.payload.accountId === accountId);

  async function publish(...events: (BankInput | EventOf<'outreach.rendered'>)[]) {
    const publisher = createEventPublisher(producer, bindTopics(eventTypes, ns.prefix));
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  }
  /** Waits until both services hold the account at `version` or later. */
  async function folded(accountId: string, version: number) {
    for (const collection of ['accounts', 'dispatcher-accounts']) {
      await until(`${collection} ${accountId} at ${String(version)}`, async () => {
        const doc = await ns.mongo.db
          .collection<{ _id: string; version: number }>(collection)
          .findOne({ _id: `${TENANT}:${accountId}` });
        return (doc?.version ?? 0) >= version;
      });
    }
  }

  beforeAll(async () => {
    ns = await provisionTestNamespace('unreachable', eventTypes);
    twilio = await TwilioStandIn.start({ authToken: 'test-token' });
    smtp = await SmtpCatcher.start();
    kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'unreachable-test' });
    producer = createProducer(kafka);
    await producer.connect();
    reader = await collectEvents(
      kafka,
      ns,
      ['outreach.planned', 'delivery.outcome', 'contact.unreachable', 'contact.consent'],
      seen,
    );
    const context = (service: string) => ({
      logger: createLogger({ service, level: 'silent' }),
      metrics: createMetrics({ service }),
      clock,
      kafka,
      producer,
      mongo: ns.mongo,
    });
    const planner: StartedService = await startPlanner(
      {
        ...context('planner'),
        settings: parseConfig(ServiceSettings.extend(PlannerSettingsSchema.shape), {
          ...namespaceEnv(ns),
          PLANNER_SESSION_TIMEOUT_MS: '6000',
        }),
      },
      rules,
    );
    services.push(planner);
    const dispatcher: StartedService = await startDispatcher(
      {
        ...context('dispatcher'),
        // About Twilio's refusal, not the reassigned-numbers check (test/reassigned-numbers).
        settings: dispatcherSettings(ns, { twilio, smtp }),
      },
      rules,
      { owner: 'dispatcher-unreachable' },
    );
    services.push(dispatcher);
  });
  afterAll(async () => {
    for (const service of services.reverse()) await service.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await twilio?.stop();
    await smtp?.stop();
    await ns?.cleanup();
  });

  it('marks the number unreachable on a 21614, and plans the next cycle by e-mail', async () => {
    const account = anAccount();
    twilio.scenarioFor(account.phone, twilioScenarios.notMobile);
    await publish(account.contact, ...account.consents);
    await folded(account.accountId, 3);

    // The first cycle: the planner's first choice is a text, which Twilio refuses with 21614.
    await publish(account.overdue('2026-02-01', '2026-03-04T11:00:00Z'));
    await until(
      'the first plan',
      () => ofAccount('outreach.planned', account.accountId).length > 0,
    );
    const first = ofAccount('outreach.planned', account.accountId)[0]!;
    expect(first.payload.channel).toBe('sms');
    await publish(renderedSms(first));
    await until('the failed outcome', () =>
      ofAccount('delivery.outcome', account.accountId).some(
        (o) => o.payload.messageId === first.payload.messageId && o.payload.status === 'failed',
      ),
    );
    const failed = ofAccount('delivery.outcome', account.accountId).find(
      (o) => o.payload.messageId === first.payload.messageId,
    );
    expect(failed?.payload).toMatchObject({ errorCode: '21614', retryable: false });
    await until(
      'contact.unreachable',
      () => ofAccount('contact.unreachable', account.accountId).length > 0,
    );
    expect(ofAccount('contact.unreachable', account.accountId).map((e) => e.payload)).toEqual([
      {
        accountId: account.accountId,
        channel: 'sms',
        address: account.phone,
        reason: 'landline',
        source: 'dispatcher',
        at: NOW,
        evidenceRef: `dispatch:${first.payload.messageId}:1`,
        errorCode: '21614',
      },
    ]);
    // Not a consent change: only the bank's two grants are on the consent topic.
    expect(
      ofAccount('contact.consent', account.accountId).filter((c) => c.payload.status === 'revoked'),
    ).toEqual([]);
    // The planner has the fact (5 events folded: contact, two consents, overdue, unreachable).
    await until('the planner folded the unreachable number', async () => {
      const doc = await ns.mongo.db
        .collection<{ _id: string; unreachable?: unknown[] }>('accounts')
        .findOne({ _id: `${TENANT}:${account.accountId}` });
      return (doc?.unreachable?.length ?? 0) === 1;
    });

    // The next cycle: its first stage would text first; the number is known unreachable.
    await publish(account.overdue('2026-03-01', '2026-03-04T13:00:00Z'));
    await until('the next cycle’s plan', () =>
      ofAccount('outreach.planned', account.accountId).some(
        (p) => p.payload.cycleId === `${account.accountId}-2026-03-01`,
      ),
    );
    const next = ofAccount('outreach.planned', account.accountId).filter(
      (p) => p.payload.cycleId === `${account.accountId}-2026-03-01`,
    );
    expect(next.map((p) => [p.payload.stage, p.payload.channel])).toEqual([[1, 'email']]);
    expect(twilio.countsTo(account.phone)).toEqual({ requests: 1, accepted: 0 });
  });
});
