/**
 * Issue 20, item 6, on the real broker and MongoDB-wire server, with the planner and the
 * scheduler: a bank's overdue event and the consent to texts of the same instant, in either
 * order, give the same outcome, one text released. Handled overdue first, the planner falls back
 * to the e-mail (the text has no consent yet) and names the text it passed over; the scheduler
 * holds that fallback briefly, finds the text allowed at release, cancels the e-mail as
 * PREFERRED_CHANNEL without releasing it, and the planner plans the text. An e-mail the scheduler
 * already released (no hold) is history: the consent that comes after plans no text, and
 * nothing goes twice. `outreach.released` is asserted on: the scheduler is the only releaser.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { eventTypes, newEventId, type AnyEvent, type EventOf } from '@kindly/contracts';
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
import {
  SCHEDULED_MESSAGES,
  SCHEDULER_ACCOUNTS,
  SchedulerSettingsSchema,
  startScheduler,
} from '@kindly/scheduler';
import { aNewYorkAccount, TENANT } from '@kindly/scheduler/testing';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { waitUntil } from '@kindly/stand-ins';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
import { collectEvents } from '../support/collect-events.js';
import { namespaceEnv } from '../support/service-settings.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the 08:00–21:00 window.
const NOW = '2026-03-04T14:00:00Z';
const utc = (text: string) => DateTime.fromISO(text, { zone: 'utc' });
const rules = loadPlanningRules();

/**
 * A New York customer with a mobile number and an e-mail address, consent to e-mails given a
 * month ago; the overdue event and the consent to texts both at NOW (stage 1 texts first).
 */
function anAccount() {
  const accountId = `acct-same-${randomBytes(4).toString('hex')}`;
  const email = `${accountId}@example.com`;
  const { contact, consent, overdue } = aNewYorkAccount(accountId, { email });
  const emailConsent: EventOf<'contact.consent'> = {
    ...consent,
    eventId: newEventId(),
    payload: { ...consent.payload, channel: 'email', address: email },
  };
  const textConsent: EventOf<'contact.consent'> = {
    ...consent,
    eventId: newEventId(),
    occurredAt: NOW,
    payload: { ...consent.payload, at: NOW },
  };
  return {
    accountId,
    known: [contact, emailConsent] as BankInput[],
    overdue: { ...overdue, occurredAt: NOW },
    textConsent,
  };
}

/** A namespace with the planner and a scheduler whose fallback hold is `holdMs`. */
function pipeline(name: string, holdMs: number) {
  const state = {
    ns: undefined as unknown as ProvisionedNamespace,
    kafka: undefined as unknown as Kafka,
    producer: undefined as unknown as Producer,
    reader: undefined as Consumer | undefined,
    services: [] as StartedService[],
    seen: [] as AnyEvent[],
    clock: new ManualClock(utc(NOW)),
  };
  const until = (what: string, condition: () => boolean | Promise<boolean>) =>
    waitUntil(condition, { timeoutMs: 60_000, what });

  beforeAll(async () => {
    state.ns = await provisionTestNamespace(name, eventTypes);
    const { ns, clock } = state;
    state.kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: `${name}-test` });
    state.producer = createProducer(state.kafka);
    await state.producer.connect();
    state.reader = await collectEvents(
      state.kafka,
      ns,
      ['outreach.planned', 'outreach.released', 'outreach.cancelled'],
      state.seen,
    );
    const context = (service: string) => ({
      logger: createLogger({ service, level: 'silent' }),
      metrics: createMetrics({ service }),
      clock,
      kafka: state.kafka,
      producer: state.producer,
      mongo: ns.mongo,
    });
    state.services.push(
      await startPlanner(
        {
          ...context('planner'),
          settings: parseConfig(ServiceSettings.extend(PlannerSettingsSchema.shape), {
            ...namespaceEnv(ns),
            PLANNER_SESSION_TIMEOUT_MS: '6000',
          }),
        },
        rules,
      ),
    );
    state.services.push(
      await startScheduler(
        {
          ...context('scheduler'),
          settings: parseConfig(ServiceSettings.extend(SchedulerSettingsSchema.shape), {
            ...namespaceEnv(ns),
            SCHEDULER_POLL_INTERVAL_MS: '50',
            SCHEDULER_SESSION_TIMEOUT_MS: '6000',
            SCHEDULER_FALLBACK_HOLD_MS: String(holdMs),
          }),
        },
        rules,
        { owner: `${name}-scheduler` },
      ),
    );
  });
  afterAll(async () => {
    for (const service of state.services.reverse()) await service.stop();
    await state.reader?.disconnect();
    await state.producer?.disconnect();
    await state.ns?.cleanup();
  });

  return {
    state,
    until,
    ofAccount: <K extends 'outreach.planned' | 'outreach.released' | 'outreach.cancelled'>(
      type: K,
      accountId: string,
    ) =>
      state.seen.filter(
        (e): e is EventOf<K> => e.type === type && e.payload.accountId === accountId,
      ),
    async publish(...events: BankInput[]) {
      const publisher = createEventPublisher(
        state.producer,
        bindTopics(eventTypes, state.ns.prefix),
      );
      for (const event of events) await publisher.publish(event.type, [event] as never[]);
    },
    /** Waits until the planner and the scheduler both hold the account at `version` or later. */
    async folded(accountId: string, version: number) {
      for (const collection of ['accounts', SCHEDULER_ACCOUNTS]) {
        await until(`${collection} ${accountId} at ${String(version)}`, async () => {
          const doc = await state.ns.mongo.db
            .collection<{ _id: string; version: number }>(collection)
            .findOne({ _id: `${TENANT}:${accountId}` });
          return (doc?.version ?? 0) >= version;
        });
      }
    },
    async scheduled(messageId: string) {
      return state.ns.mongo.db
        .collection<{ _id: string; state: string }>(SCHEDULED_MESSAGES)
        .findOne({ _id: messageId });
    },
  };
}

describe('an overdue event and a consent of the same instant, in either order', () => {
  const p = pipeline('same-instant', 2_000);

  it('release one text for each order; the e-mail planned first is superseded, never released', async () => {
    const first = anAccount(); // the overdue event handled before the consent
    const second = anAccount(); // the consent handled before the overdue event
    await p.publish(...first.known, ...second.known);
    await p.folded(first.accountId, 2);
    await p.folded(second.accountId, 2);

    // Overdue first: the text has no consent yet, so the planner falls back to the e-mail.
    await p.publish(first.overdue);
    await p.until(
      'the e-mail fallback planned',
      () => p.ofAccount('outreach.planned', first.accountId).length === 1,
    );
    const [email] = p.ofAccount('outreach.planned', first.accountId);
    expect(email?.payload).toMatchObject({ channel: 'email', passedOver: ['sms'] });
    await p.until('the e-mail in the waiting room', async () =>
      Boolean(await p.scheduled(email?.payload.messageId ?? '')),
    );
    // Held: not released while the clock stands at the instant it was planned.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(p.ofAccount('outreach.released', first.accountId)).toEqual([]);
    await p.publish(first.textConsent);

    // Consent first: the planner plans the text directly.
    await p.publish(second.textConsent);
    await p.folded(second.accountId, 3);
    await p.publish(second.overdue);
    await p.folded(first.accountId, 4);
    await p.folded(second.accountId, 4);

    // The hold passes.
    p.state.clock.set(utc(NOW).plus({ seconds: 3 }));
    for (const account of [first, second]) {
      await p.until(
        `a release for ${account.accountId}`,
        () => p.ofAccount('outreach.released', account.accountId).length > 0,
      );
    }
    // Nothing more comes: each order ends with exactly one message released, a text.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const account of [first, second]) {
      const released = p.ofAccount('outreach.released', account.accountId);
      expect(released.map((r) => [r.payload.stage, r.payload.channel])).toEqual([[1, 'sms']]);
    }
    expect(p.ofAccount('outreach.cancelled', first.accountId).map((c) => c.payload)).toEqual([
      expect.objectContaining({
        messageId: email?.payload.messageId,
        channel: 'email',
        reason: 'PREFERRED_CHANNEL',
      }),
    ]);
    expect((await p.scheduled(email?.payload.messageId ?? ''))?.state).toBe('cancelled');
    // The text the planner planned after the supersession, caused by the cancellation.
    const text = p
      .ofAccount('outreach.planned', first.accountId)
      .find((e) => e.payload.channel === 'sms');
    expect(text?.causationId).toBe(p.ofAccount('outreach.cancelled', first.accountId)[0]?.eventId);
    expect(p.ofAccount('outreach.planned', second.accountId).map((e) => e.payload.channel)).toEqual(
      ['sms'],
    );
    expect(p.ofAccount('outreach.cancelled', second.accountId)).toEqual([]);
  });
});

describe('an e-mail released before the consent arrives (no hold)', () => {
  const p = pipeline('same-instant-released', 0);

  it('plans no text after it, and sends nothing twice', async () => {
    const account = anAccount();
    await p.publish(...account.known);
    await p.folded(account.accountId, 2);
    await p.publish(account.overdue);
    await p.until(
      'the e-mail released',
      () => p.ofAccount('outreach.released', account.accountId).length === 1,
    );
    const [email] = p.ofAccount('outreach.released', account.accountId);
    expect(email?.payload.channel).toBe('email');

    await p.publish(account.textConsent);
    await p.folded(account.accountId, 4);
    p.state.clock.set(utc(NOW).plus({ seconds: 3 }));
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(p.ofAccount('outreach.released', account.accountId)).toHaveLength(1);
    expect(
      p.ofAccount('outreach.planned', account.accountId).map((e) => e.payload.channel),
    ).toEqual(['email']);
    expect(p.ofAccount('outreach.cancelled', account.accountId)).toEqual([]);
  });
});
