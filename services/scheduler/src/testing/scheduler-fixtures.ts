/**
 * Test data and wiring for the scheduler's integration tests: a New York customer's bank events
 * (the same facts the planner plans from), the plan the planner makes for them, and a scheduler
 * replica started as the composition root starts one.
 */
import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Clock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import {
  createEvent,
  deterministicId,
  newEventId,
  sampleEvents,
  type EventOf,
} from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo } from '@kindly/mongo';
import { createMetrics, type Metrics } from '@kindly/observability';
import {
  decideOutreach,
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
  type BankInput,
} from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import type { ProvisionedNamespace } from '@kindly/testing';
import { SchedulerSettingsSchema } from '../scheduler-settings.js';
import { startScheduler } from '../start-scheduler.js';

export const rules = loadPlanningRules();
export const TENANT = 'bank-1';
const MONEY = (amountMinor: number) => ({ amountMinor, currency: 'USD' as const });

/** One customer in New York, 3 days past due, who consented to servicing texts. */
export function aNewYorkAccount(accountId = `acct-${randomBytes(4).toString('hex')}`) {
  const cycleId = `${accountId}-2026-03-01`;
  const phone = `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, '0')}`;
  const base = { tenantId: TENANT, correlationId: `cycle-${cycleId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-03-04T12:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId,
      dueDate: '2026-03-01',
      daysPastDue: 3,
      overdueAmount: MONEY(12_050),
      totalBalance: MONEY(152_000),
      minimumPayment: MONEY(7_600),
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      name: { family: 'Doe', given: 'Jane' },
      phones: [{ number: phone, type: 'mobile', primary: true }],
      emails: [{ address: `${accountId}@example.com`, type: 'personal' }],
      postalAddresses: [],
      locale: 'en-US',
      timeZone: 'America/New_York',
      candidateTimeZones: [],
      jurisdiction: 'US',
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
    },
  };
  const consent: EventOf<'contact.consent'> = {
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T00:00:00Z',
    payload: {
      accountId,
      channel: 'sms',
      address: phone,
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: '2026-02-01T00:00:00Z',
    },
  };
  const events: BankInput[] = [contact, consent, overdue];
  return {
    accountId,
    cycleId,
    base,
    overdue,
    contact,
    consent,
    events,
    stateAfter: stateOf(accountId, events),
  };
}

export type NewYorkAccount = ReturnType<typeof aNewYorkAccount>;

export function stateOf(accountId: string, events: readonly BankInput[]): AccountState {
  return events.reduce(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState(TENANT, accountId),
  );
}

/** The `outreach.planned` event the planner publishes for the account at `at`. */
export function plannedEvent(account: NewYorkAccount, at: string): EventOf<'outreach.planned'> {
  const decision = decideOutreach(
    rules,
    { state: account.stateAfter, history: [], tried: [] },
    DateTime.fromISO(at, { zone: 'utc' }),
  );
  if (decision.kind !== 'plan') throw new Error(`expected a plan, got ${decision.kind}`);
  return createEvent('outreach.planned', {
    ...account.base,
    causationId: account.overdue.eventId,
    eventId: deterministicId('outreach.planned', decision.message.messageId),
    occurredAt: at,
    payload: decision.message,
  });
}

export interface ReplicaOptions {
  readonly ns: ProvisionedNamespace;
  readonly clock: Clock;
  readonly owner: string;
  readonly env?: Record<string, string>;
  readonly metrics?: Metrics;
}

/** Starts one scheduler replica with its own connections, as `main.ts` would. */
export async function startReplica(options: ReplicaOptions): Promise<{
  service: StartedService;
  producer: Producer;
  metrics: Metrics;
  stop(): Promise<void>;
}> {
  const { ns } = options;
  const settings = parseConfig(ServiceSettings.extend(SchedulerSettingsSchema.shape), {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    SCHEDULER_POLL_INTERVAL_MS: '50',
    ...options.env,
  });
  const kafka = createKafka({ brokers: ns.infra.kafkaBrokers, clientId: options.owner });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: ns.infra.mongoUri,
    database: ns.database,
    appName: options.owner,
  });
  const metrics = options.metrics ?? createMetrics({ service: 'scheduler' });
  const service = await startScheduler(
    {
      settings,
      logger: createLogger({ service: 'scheduler', level: 'silent' }),
      metrics,
      clock: options.clock,
      kafka,
      producer,
      mongo,
    },
    rules,
    { owner: options.owner },
  );
  return {
    service,
    producer,
    metrics,
    async stop() {
      await service.stop();
      await producer.disconnect();
      await mongo.close();
    },
  };
}

/** Polls `condition` every 100 ms until it holds, for at most `ms`. */
export async function until(
  what: string,
  condition: () => boolean | Promise<boolean>,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
