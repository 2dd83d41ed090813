import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import { sampleEvents, type AnyEvent, type EventOf } from '@kindly/contracts';
import {
  bindTopics,
  createEventPublisher,
  createKafka,
  createProducer,
  type Consumer,
  type Producer,
} from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { createMetrics } from '@kindly/observability';
import { bankTopics, campaignTopics, PlannerSettingsSchema, startPlanner } from '@kindly/planner';
import { loadPlanningRules } from '@kindly/rules';
import { ServiceSettings, type StartedService } from '@kindly/service';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';
import { signReference } from './attribution/index.js';
import { runCampaignCommand } from './cli/campaign-command.js';
import { createLaunchesRepository } from './data-access/launches.repository.js';
import { handedOffTotal, type Launch } from './launch/launch.js';
import { CAMPAIGN_ACCOUNTS } from './start-campaigns.js';
import {
  campaignAccount,
  campaignFileText,
  TENANT,
  type CampaignAccount,
} from './testing/launch-fixtures.js';

const infra = testInfra();
// 10:00 in Shanghai on a Wednesday: the planner's clock, inside the marketing window.
const PLANNER_NOW = '2026-03-04T02:00:00Z';
const REFERENCE_KEY = { id: 'k2026', secret: 'a-test-secret-of-at-least-32-characters' };
// The contact record's e-mail address (the contracts' sample contact).
const EMAIL = sampleEvents['contact.updated'].payload.emails[0]!.address;
/** The launch rounds' interval in these tests. */
const ROUND_INTERVAL_MS = 100;
/**
 * How long a round that read the launch still running just before the pause may take to hand its
 * page over: its reads and the exposures' write. Generous (a loaded two-core CI machine stalls
 * for seconds): what shows that the pause holds is structural (one page at most after it, no
 * event twice, the launch unchanged), this only bounds a round that never ends.
 */
const IN_FLIGHT_ROUND_MS = 5_000;
const fixture = fileURLToPath(new URL('./testing/campaigns-service.fixture.ts', import.meta.url));

/** A port free on loopback now: the service's health and metrics listen there. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A launch on the real broker and server: the campaigns service in its own process (killed with
 * SIGKILL in one test, as a power cut would), the planner in this one. What is checked is what
 * reaches the planner and what it plans: only treatment accounts are handed over, only those
 * with marketing consent get a message, the holdout never does, the throttle holds per second,
 * STOP replies and spam complaints trip the breaker (and its alert metric), a pause holds from
 * the next round, and a restart after a crash sends nothing twice.
 */
describe('a campaign launch through the planner', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let planner: StartedService;
  let folder: string;
  const seen: AnyEvent[] = [];
  /** Every hand-over record, with the time its producer stamped on it. */
  const offerSends: { campaignId: string; eventId: string; at: number }[] = [];
  /** Every account sent so far: each launch walks all of them. */
  const everyone: CampaignAccount[] = [];
  const children: ReturnType<typeof spawn>[] = [];

  const ofType = <K extends AnyEvent['type']>(type: K) =>
    seen.filter((e): e is EventOf<K> => e.type === type);
  const offersOf = (campaignId: string) =>
    ofType('campaign.offer').filter((e) => e.payload.campaignId === campaignId);
  const plansOf = (campaignId: string) =>
    ofType('outreach.planned').filter((e) => e.payload.campaignId === campaignId);
  const withdrawnOf = (campaignId: string) =>
    new Set(
      ofType('outreach.cancelled')
        .filter(
          (e) =>
            e.payload.reason === 'CAMPAIGN_STOPPED' &&
            plansOf(campaignId).some((p) => p.payload.messageId === e.payload.messageId),
        )
        .map((e) => e.payload.messageId),
    );
  const suppressionsOf = (campaignId: string) =>
    ofType('outreach.suppressed').filter((e) => e.payload.campaignId === campaignId);

  async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 60_000) {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    MONGODB_URI: infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
    HEALTH_PORT: '0',
    LOG_LEVEL: 'silent',
    CAMPAIGNS_ROUND_INTERVAL_MS: String(ROUND_INTERVAL_MS),
    CAMPAIGNS_PAGE_SIZE: '7',
    CAMPAIGNS_SESSION_TIMEOUT_MS: '6000',
    CAMPAIGNS_REFERENCE_KEYS: `${REFERENCE_KEY.id}:${REFERENCE_KEY.secret}`,
    // The shipped sender profiles are the demo bank's: they serve the test's tenant.
    RENDERER_FALLBACK_SENDER: 'demo-bank',
    ...extra,
  });

  /** Starts the campaigns service in a child process; resolves with how it ended. */
  function startService(extra: Record<string, string> = {}) {
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', fixture],
      { env: env(extra), stdio: ['ignore', 'inherit', 'inherit'] },
    );
    children.push(child);
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    return { child, exited };
  }

  async function campaign(args: string[]): Promise<{ code: number; out: string; err: string }> {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await runCampaignCommand(args, { stdout, stderr, env: env() });
    return { code, out, err };
  }

  async function launchOf(campaignId: string): Promise<Launch | undefined> {
    return createLaunchesRepository(ns.mongo.db).get(campaignId);
  }

  /** When the launch was last changed, as the repository stamped it. */
  async function launchUpdatedAt(campaignId: string): Promise<Date> {
    const document = await ns.mongo.db
      .collection<{ _id: string; updatedAt: Date }>('campaign-launches')
      .findOne({ _id: campaignId });
    if (document === null) throw new Error(`no launch ${campaignId}`);
    return document.updatedAt;
  }

  /** Sends the accounts' bank events and waits until both services hold every account. */
  async function known(accounts: readonly CampaignAccount[]): Promise<void> {
    const publisher = createEventPublisher(producer, bindTopics(bankTopics, ns.prefix));
    for (const account of accounts) {
      for (const event of account.events) await publisher.publish(event.type, [event] as never[]);
    }
    everyone.push(...accounts);
    const ids = accounts.map((a) => `${TENANT}:${a.accountId}`);
    for (const collection of ['accounts', CAMPAIGN_ACCOUNTS]) {
      await until(`${collection} folded`, async () => {
        const documents = await ns.mongo.db
          .collection<{ _id: string; overdue?: unknown }>(collection)
          .countDocuments({ _id: { $in: ids }, overdue: { $exists: true } });
        return documents === accounts.length;
      });
    }
  }

  async function publish(...events: AnyEvent[]): Promise<void> {
    const publisher = createEventPublisher(
      producer,
      bindTopics([...bankTopics, 'delivery.outcome'], ns.prefix),
    );
    for (const event of events) await publisher.publish(event.type as never, [event] as never[]);
  }

  function outcome(
    plan: EventOf<'outreach.planned'>,
    status: 'accepted' | 'delivered',
    at: string,
  ): EventOf<'delivery.outcome'> {
    return {
      eventId: `${plan.payload.messageId}-${status}`,
      type: 'delivery.outcome',
      schemaVersion: '1.1.0',
      occurredAt: at,
      correlationId: plan.correlationId,
      causationId: plan.eventId,
      tenantId: TENANT,
      payload: {
        accountId: plan.payload.accountId,
        messageId: plan.payload.messageId,
        attempt: 1,
        channel: 'sms',
        provider: 'twilio',
        status,
        retryable: false,
        at,
        ...(status === 'accepted' ? { to: '+8613800138000' } : {}),
      },
    };
  }

  function payment(
    accountId: string,
    paidAt: string,
    paymentReference?: string,
  ): EventOf<'account.payment'> {
    return {
      eventId: `pay-${accountId}`,
      type: 'account.payment',
      schemaVersion: '1.1.0',
      occurredAt: paidAt,
      correlationId: `cycle-${accountId}`,
      causationId: null,
      tenantId: TENANT,
      payload: {
        accountId,
        paymentId: `pay-${accountId}`,
        amount: { amountMinor: 10_000, currency: 'CNY' },
        paidAt,
        remainingOverdue: { amountMinor: 42_050, currency: 'CNY' },
        curesAccount: false,
        ...(paymentReference ? { paymentReference } : {}),
      },
    };
  }

  /** A delivery report on an e-mail plan, as the dispatcher and the tracker publish them. */
  function emailOutcome(
    plan: EventOf<'outreach.planned'>,
    status: 'accepted' | 'delivered' | 'complained',
    at: string,
  ): EventOf<'delivery.outcome'> {
    const sms = outcome(plan, 'delivered', at);
    return {
      ...sms,
      eventId: `${plan.payload.messageId}-${status}`,
      payload: {
        ...sms.payload,
        channel: 'email',
        provider: 'smtp',
        status,
        ...(status === 'accepted' ? { to: EMAIL } : {}),
      },
    };
  }

  /** An account whose holder agreed to marketing by e-mail as well as by SMS. */
  function withMarketingEmail(accountId: string): CampaignAccount {
    const account = campaignAccount(accountId, true);
    const smsConsent = account.events.find(
      (e): e is EventOf<'contact.consent'> =>
        e.type === 'contact.consent' && e.payload.purpose === 'marketing',
    )!;
    const emailConsent: EventOf<'contact.consent'> = {
      ...smsConsent,
      eventId: `${smsConsent.eventId}-email`,
      payload: { ...smsConsent.payload, channel: 'email', address: EMAIL },
    };
    // Before the overdue position, the last event: the account counts as known once it is in.
    return { ...account, events: [emailConsent, ...account.events] };
  }

  function someAccounts(label: string, count: number): CampaignAccount[] {
    return Array.from({ length: count }, (_, i) =>
      // Every third without marketing consent.
      campaignAccount(`${label}-${String(i).padStart(3, '0')}`, i % 3 !== 0),
    );
  }

  function fileFor(campaignId: string, perSecond: number): string {
    const file = join(folder, `${campaignId}.yaml`);
    writeFileSync(file, campaignFileText({ campaignId, perSecond, holdoutPercent: 20 }));
    return file;
  }

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'kindly-campaigns-'));
    ns = await provisionTestNamespace('campaign-launch', [
      ...bankTopics,
      ...campaignTopics,
      'delivery.outcome',
      'outreach.escalated',
      'outreach.planned',
      'outreach.rendered',
      'outreach.suppressed',
      'outreach.cancelled',
    ]);
    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'campaign-test' });
    producer = createProducer(kafka);
    await producer.connect();
    reader = kafka.consumer({ groupId: `${ns.prefix}reader` });
    await reader.connect();
    await reader.subscribe({
      topics: [
        ns.topic('campaign.offer'),
        ns.topic('outreach.planned'),
        ns.topic('outreach.suppressed'),
        ns.topic('outreach.cancelled'),
      ],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) => {
        const event = JSON.parse(message.value?.toString() ?? '{}') as AnyEvent;
        seen.push(event);
        // When the service's producer made the record (its create time, in milliseconds).
        if (event.type === 'campaign.offer') {
          const { campaignId } = event.payload;
          offerSends.push({ campaignId, eventId: event.eventId, at: Number(message.timestamp) });
        }
      },
    });
    const settings = parseConfig(ServiceSettings.extend(PlannerSettingsSchema.shape), {
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongoUri,
      MONGODB_DATABASE: ns.database,
      KAFKA_TOPIC_PREFIX: ns.prefix,
      PLANNER_SESSION_TIMEOUT_MS: '6000',
    });
    planner = await startPlanner(
      {
        settings,
        logger: createLogger({ service: 'planner', level: 'silent' }),
        metrics: createMetrics({ service: 'planner' }),
        clock: new ManualClock(DateTime.fromISO(PLANNER_NOW, { zone: 'utc' })),
        kafka,
        producer,
        mongo: ns.mongo,
      },
      loadPlanningRules(),
    );
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await planner?.stop();
    await reader?.disconnect();
    await producer?.disconnect();
    await ns?.cleanup();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  it('hands over the treatment only, and the planner messages only those with marketing consent', async () => {
    const service = startService();
    const accounts = someAccounts('a', 30);
    await known(accounts);
    // Fixed ids (each run has its own namespace): the hash puts 7 of these 30 in the holdout.
    const campaignId = 'spring-a';
    const perSecond = 4;
    // The preview first: the same walk and decisions, nothing sent, sample messages rendered.
    const previewed = await campaign([
      'preview',
      fileFor(campaignId, perSecond),
      '--json',
      '--samples',
      '1',
    ]);
    expect(previewed.code, previewed.err).toBe(0);
    const preview = JSON.parse(previewed.out) as {
      counts: { scanned: number; holdout: number; handedOff: Record<string, number> };
      plannedNow: number;
      plannedLater: number;
      suppressedByReason: Record<string, number>;
      samples: { variant: string; channel: string; text: string }[];
    };
    expect(preview.counts.scanned).toBe(accounts.length);
    const previewTreated = Object.values(preview.counts.handedOff).reduce((a, b) => a + b, 0);
    expect(preview.counts.holdout + previewTreated).toBe(accounts.length);
    expect(preview.suppressedByReason['NO_CONSENT']).toBeGreaterThan(0);
    expect(new Set(preview.samples.map((sample) => sample.variant)).size).toBe(2);
    for (const sample of preview.samples) {
      expect(sample.text.length).toBeGreaterThan(20);
      expect(sample.text).not.toMatch(/\{\{|undefined|NaN/);
    }
    expect(offersOf(campaignId)).toHaveLength(0);
    const launched = await campaign(['launch', fileFor(campaignId, perSecond), '--by', 'ops-1']);
    expect(launched.code, launched.err).toBe(0);
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );

    const launch = await launchOf(campaignId);
    const counts = launch?.counts;
    expect(counts?.scanned).toBeGreaterThanOrEqual(accounts.length);
    const exposures = await ns.mongo.db
      .collection<{ accountId: string; group: string }>('campaign-exposures')
      .find({ campaignId })
      .toArray();
    const holdout = new Set(exposures.filter((e) => e.group === 'holdout').map((e) => e.accountId));
    const treated = new Set(
      exposures.filter((e) => e.group === 'treatment').map((e) => e.accountId),
    );
    expect(holdout.size + treated.size).toBe(everyone.length);
    expect(holdout.size).toBe(counts?.holdout);
    // The launch did what the preview said it would.
    expect(holdout.size).toBe(preview.counts.holdout);
    expect(treated.size).toBe(handedOffTotal(counts!));
    expect(holdout.size).toBeGreaterThan(0);

    await until('every treated account decided', () =>
      [...treated].every((id) =>
        [...plansOf(campaignId), ...suppressionsOf(campaignId)].some(
          (e) => e.payload.accountId === id,
        ),
      ),
    );
    const offered = new Set(offersOf(campaignId).map((e) => e.payload.accountId));
    expect(offered).toEqual(treated);
    const planned = plansOf(campaignId);
    const consenting = new Set(everyone.filter((a) => a.marketingConsent).map((a) => a.accountId));
    // Messages only to treated accounts with marketing consent, one each, by SMS, marketing.
    expect(new Set(planned.map((e) => e.payload.accountId))).toEqual(
      new Set([...treated].filter((id) => consenting.has(id))),
    );
    expect(planned.length).toBe(new Set(planned.map((e) => e.payload.messageId)).size);
    for (const plan of planned) {
      expect(plan.payload).toMatchObject({ channel: 'sms', purpose: 'marketing', campaignId });
      expect(plan.payload.templateId).toMatch(/^campaign-instalment-plan(-savings-first)?-sms$/);
      expect(holdout.has(plan.payload.accountId)).toBe(false);
    }
    for (const suppressed of suppressionsOf(campaignId)) {
      expect(consenting.has(suppressed.payload.accountId)).toBe(false);
      expect(suppressed.payload.reasons).toContain('NO_CONSENT');
    }
    // The throttle, per second of the clock the launch ran on.
    const perSecondSeen = new Map<string, number>();
    for (const offer of offersOf(campaignId)) {
      const second = offer.occurredAt.slice(0, 19); // YYYY-MM-DDTHH:MM:SS
      perSecondSeen.set(second, (perSecondSeen.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecondSeen.values())).toBeLessThanOrEqual(perSecond);
    expect(launch?.actions.map((a) => [a.action, a.by])).toEqual([
      ['launch', 'ops-1'],
      ['complete', 'kindly'],
    ]);

    // The report: every planned message sent and delivered; then payments from two holdout
    // accounts, from the first three treated accounts that got a message (the first through its
    // message's signed link), and from one treated account the policy kept from contact.
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await publish(
      ...planned.flatMap((p) => [outcome(p, 'accepted', at), outcome(p, 'delivered', at)]),
    );
    const paidAt = DateTime.fromISO(at)
      .plus({ minutes: 5 })
      .toUTC()
      .toISO({ suppressMilliseconds: true })!;
    const [h1, h2] = [...holdout];
    const [p1, p2, p3] = planned;
    const silent = [...treated].find((id) => !consenting.has(id));
    // Every plan carries the signed reference its link ends with: the one made for its message.
    for (const plan of planned) {
      expect(plan.payload.paymentReference).toBe(
        signReference(
          {
            messageId: plan.payload.messageId,
            campaignId,
            variant: plan.payload.variant!,
            tenantId: TENANT,
            accountId: plan.payload.accountId,
          },
          REFERENCE_KEY,
        ),
      );
    }
    // p1 pays through its own link; p2 through p1's link, forwarded: no evidence about p2's.
    const reference = p1!.payload.paymentReference;
    const referenceOf = (id: string) =>
      id === p1!.payload.accountId || id === p2!.payload.accountId ? reference : undefined;
    const payers = [
      h1!,
      h2!,
      p1!.payload.accountId,
      p2!.payload.accountId,
      p3!.payload.accountId,
      silent!,
    ];
    await publish(...payers.map((id) => payment(id, paidAt, referenceOf(id))));
    await until('payments and deliveries kept', async () => {
      const kept = await ns.mongo.db
        .collection('campaign-payments')
        .countDocuments({ tenantId: TENANT, accountId: { $in: payers } });
      const delivered = await ns.mongo.db
        .collection('campaign-messages')
        .countDocuments({ campaignId, delivered: true });
      return kept === payers.length && delivered === planned.length;
    });
    const html = join(folder, `${campaignId}.html`);
    const csv = join(folder, `${campaignId}.csv`);
    const reported = await campaign(['report', campaignId, '--json', '--html', html, '--csv', csv]);
    expect(reported.code, reported.err).toBe(0);
    const report = JSON.parse(reported.out) as {
      groups: {
        arm: { group: string; variant?: string };
        accounts: number;
        contacted: number;
        delivered: number;
        paid: number;
        paidByReference: number;
        conversion: { available: boolean; value?: number };
        uplift: { available: boolean; value?: { difference: number } };
      }[];
    };
    // By hand, from the sets this test made.
    const variantOf = new Map(
      exposures.map((e) => [e.accountId, (e as { variant?: string }).variant]),
    );
    const holdoutRow = report.groups.find((g) => g.arm.group === 'holdout')!;
    expect(holdoutRow).toMatchObject({
      accounts: holdout.size,
      contacted: 0,
      delivered: 0,
      paid: 2,
    });
    expect(holdoutRow.conversion.value).toBeCloseTo(2 / holdout.size, 12);
    for (const row of report.groups.filter((g) => g.arm.group === 'treatment')) {
      const members = [...treated].filter((id) => variantOf.get(id) === row.arm.variant);
      const contacted = planned.filter(
        (p) => variantOf.get(p.payload.accountId) === row.arm.variant,
      );
      const paid = payers.filter((id) => treated.has(id) && variantOf.get(id) === row.arm.variant);
      expect(row).toMatchObject({
        accounts: members.length,
        contacted: contacted.length,
        delivered: contacted.length,
        paid: paid.length,
        paidByReference: paid.includes(p1!.payload.accountId) ? 1 : 0,
      });
      expect(row.conversion.value).toBeCloseTo(paid.length / members.length, 12);
      expect(row.uplift.value?.difference).toBeCloseTo(
        paid.length / members.length - 2 / holdout.size,
        12,
      );
    }
    expect(readFileSync(html, 'utf8')).toContain('<svg');
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toMatch(/^group,variant,accounts/);
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('pauses itself when SMS opt-outs pass the campaign’s limit (the complaint breaker)', async () => {
    const service = startService();
    const accounts = someAccounts('b', 12);
    await known(accounts);
    const campaignId = 'breaker-d';
    expect((await campaign(['launch', fileFor(campaignId, 50), '--by', 'ops-4'])).code).toBe(0);
    // The walk is over long before the first reply: the breaker still holds while the campaign runs.
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );
    await until('messages planned', () => plansOf(campaignId).length >= 2);
    const [first] = plansOf(campaignId);
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await publish(outcome(first!, 'accepted', at), outcome(first!, 'delivered', at));
    // The customer answers 退订: the tracker's revocation from the SMS reply.
    const stop: EventOf<'contact.consent'> = {
      eventId: `stop-${first!.payload.accountId}`,
      type: 'contact.consent',
      schemaVersion: '1.0.0',
      occurredAt: at,
      correlationId: `cycle-${first!.payload.accountId}`,
      causationId: null,
      tenantId: TENANT,
      payload: {
        accountId: first!.payload.accountId,
        channel: 'sms',
        address: '+8613800138000',
        purpose: 'marketing',
        status: 'revoked',
        basis: 'express-consent',
        source: 'sms-reply',
        at,
      },
    };
    await publish(stop);
    await until(
      'the breaker paused it',
      async () => (await launchOf(campaignId))?.status === 'paused',
    );
    const launch = (await launchOf(campaignId))!;
    expect(launch.actions[launch.actions.length - 1]).toMatchObject({
      action: 'pause',
      by: 'kindly',
      reason: expect.stringContaining('SMS_OPT_OUTS') as string,
    });
    expect(launch.reach).toMatchObject({ smsDelivered: 1, smsOptOuts: 1 });
    // Every message still waiting is withdrawn; the one sent is history.
    const waiting = plansOf(campaignId).filter(
      (p) => p.payload.messageId !== first!.payload.messageId,
    );
    await until(
      'the waiting messages withdrawn',
      () => withdrawnOf(campaignId).size === waiting.length,
    );
    expect(withdrawnOf(campaignId).has(first!.payload.messageId)).toBe(false);
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('pauses itself when spam complaints reach 0.1 % of its delivered e-mails, and counts the trip for the alert', async () => {
    const metricsPort = await freePort();
    const service = startService({ HEALTH_PORT: String(metricsPort) });
    // Customers who agreed to marketing e-mail too: the campaign's first step, e-mail, is theirs.
    await known(['f-000', 'f-001', 'f-002', 'f-003', 'f-004'].map(withMarketingEmail));
    const campaignId = 'complained-f';
    expect((await campaign(['launch', fileFor(campaignId, 50), '--by', 'ops-6'])).code).toBe(0);
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );
    await until('e-mails planned', () =>
      plansOf(campaignId).some((p) => p.payload.channel === 'email'),
    );
    const mail = plansOf(campaignId).find((p) => p.payload.channel === 'email')!;
    const at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    // Delivered; then the mailbox provider's ARF report, as the tracker publishes it.
    await publish(
      emailOutcome(mail, 'accepted', at),
      emailOutcome(mail, 'delivered', at),
      emailOutcome(mail, 'complained', at),
    );
    await until(
      'the breaker paused it',
      async () => (await launchOf(campaignId))?.status === 'paused',
    );
    const launch = (await launchOf(campaignId))!;
    expect(launch.actions[launch.actions.length - 1]).toMatchObject({
      action: 'pause',
      by: 'kindly',
      reason: expect.stringContaining('EMAIL_COMPLAINTS at 100.00 %') as string,
    });
    expect(launch.reach).toMatchObject({ emailsDelivered: 1, emailComplaints: 1 });
    // The alert's metric, as Prometheus scrapes it from the service (its health server may
    // still be starting on a busy machine: the breaker does not wait for it).
    let trips: string[] = [];
    await until('the trip counted on /metrics', async () => {
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
        .then((response) => response.text())
        .catch(() => '');
      trips = scraped
        .split('\n')
        .filter((line) => line.startsWith('kindly_campaign_breaker_trips_total{'));
      return trips.length > 0;
    });
    expect(trips).toHaveLength(1);
    expect(trips[0]).toContain(`campaign="${campaignId}"`);
    expect(trips[0]).toContain('why="EMAIL_COMPLAINTS"');
    expect(trips[0]).toMatch(/\} 1$/);
    // The second alert's gauge: every campaign still paused by its breaker, this one among them,
    // as a plain read of the launches counts them (a person's pause names the person).
    const launches = await ns.mongo.db
      .collection<{ status: string; actions: { action: string; by: string }[] }>(
        'campaign-launches',
      )
      .find({})
      .toArray();
    const stillPaused = launches.filter(
      (l) => l.status === 'paused' && l.actions.at(-1)?.by === 'kindly',
    ).length;
    expect(stillPaused).toBeGreaterThanOrEqual(1);
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text());
    // The registry's default labels (the service's name) come with it.
    const gauge = scraped
      .split('\n')
      .map((line) => /^kindly_campaigns_paused_by_breaker(?:\{[^}]*\})? (\d+)$/.exec(line)?.[1])
      .filter((value) => value !== undefined);
    expect(gauge).toEqual([String(stillPaused)]);
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('lets an operator stop a campaign whose walk is over: what still waits is withdrawn', async () => {
    const service = startService();
    await known(someAccounts('c', 9));
    const campaignId = 'completed-e';
    expect((await campaign(['launch', fileFor(campaignId, 50), '--by', 'ops-5'])).code).toBe(0);
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );
    await until('messages planned', () => plansOf(campaignId).length > 0);
    const stopped = await campaign(['cancel', campaignId, '--reason', 'legal hold on the wording']);
    expect(stopped.code, stopped.err).toBe(0);
    const planned = plansOf(campaignId).map((p) => p.payload.messageId);
    await until('the waiting messages withdrawn', () =>
      planned.every((id) => withdrawnOf(campaignId).has(id)),
    );
    expect((await launchOf(campaignId))?.status).toBe('cancelled');
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('stops handing over from the round after a pause, and carries on after a resume', async () => {
    const service = startService();
    const accounts = someAccounts('p', 24);
    await known(accounts);
    const campaignId = 'paused-b';
    expect((await campaign(['launch', fileFor(campaignId, 3), '--by', 'ops-2'])).code).toBe(0);
    await until('some accounts handed over', () => offersOf(campaignId).length >= 2);
    const paused = await campaign(['pause', campaignId, '--reason', 'wording complaint']);
    expect(paused.code, paused.err).toBe(0);
    // When the pause was recorded: the launch's last change until the resume (a round that read
    // it running before cannot move it on, and a paused one is not moved).
    const pausedAt = (await launchUpdatedAt(campaignId)).getTime();
    const atPause = (await launchOf(campaignId))!;
    // What was planned and is still waiting (no scheduler runs here: all of it) is withdrawn:
    // rounds have run since the pause.
    await until('the waiting messages withdrawn', () =>
      plansOf(campaignId).every((p) => withdrawnOf(campaignId).has(p.payload.messageId)),
    );
    // Ten rounds more, for a late hand-over to show up.
    await new Promise((r) => setTimeout(r, 10 * ROUND_INTERVAL_MS));
    expect((await launchUpdatedAt(campaignId)).getTime()).toBe(pausedAt);
    expect((await launchOf(campaignId))?.status).toBe('paused');
    // The producer's own stamps: no page was handed over later than the round under way when
    // the pause landed could publish it (the next round reads the pause), and that one page at
    // most (the throttle's three a second), whatever the test's own timing.
    const sends = offerSends.filter((s) => s.campaignId === campaignId);
    const late = sends.filter((s) => s.at > pausedAt);
    const lastSend = Math.max(...sends.map((s) => s.at));
    expect(lastSend - pausedAt).toBeLessThanOrEqual(ROUND_INTERVAL_MS + IN_FLIGHT_ROUND_MS);
    // A round after it would hand the same page over again (the cursor cannot move while paused).
    expect(late.length).toBeLessThanOrEqual(3);
    expect(new Set(late.map((s) => s.eventId)).size).toBe(late.length);
    expect(new Set(offersOf(campaignId).map((e) => e.payload.accountId)).size).toBeLessThanOrEqual(
      handedOffTotal(atPause.counts) + late.length,
    );
    const plannedAtPause = plansOf(campaignId).map((p) => p.payload.messageId);
    await until('the waiting messages withdrawn', () =>
      plannedAtPause.every((id) => withdrawnOf(campaignId).has(id)),
    );

    expect((await campaign(['resume', campaignId])).code).toBe(0);
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );
    const launch = (await launchOf(campaignId))!;
    expect(new Set(offersOf(campaignId).map((e) => e.payload.accountId)).size).toBe(
      handedOffTotal(launch.counts),
    );
    expect(launch.actions.map((a) => a.action)).toEqual(['launch', 'pause', 'resume', 'complete']);
    // Those planned after the resume go.
    const afterResume = plansOf(campaignId).filter(
      (p) => !plannedAtPause.includes(p.payload.messageId),
    );
    expect(afterResume.length).toBeGreaterThan(0);
    expect(afterResume.some((p) => withdrawnOf(campaignId).has(p.payload.messageId))).toBe(false);
    expect(launch.actions[1]).toMatchObject({ reason: 'wording complaint' });
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('resumes after a SIGKILL between handing a page over and moving on, and nobody gets two messages', async () => {
    const accounts = someAccounts('k', 30);
    // The first process dies right after handing over its second page.
    let service = startService({ CAMPAIGNS_CRASH_AFTER_PUBLISH: '2' });
    await known(accounts);
    const campaignId = 'killed-c';
    expect((await campaign(['launch', fileFor(campaignId, 50), '--by', 'ops-3'])).code).toBe(0);
    expect(await service.exited).toBe('SIGKILL');
    const atCrash = (await launchOf(campaignId))!;
    expect(atCrash.status).toBe('running');

    service = startService();
    await until(
      'the launch completed',
      async () => (await launchOf(campaignId))?.status === 'completed',
    );
    const launch = (await launchOf(campaignId))!;
    // The page handed over twice went out with the same event ids: one per account.
    const offers = offersOf(campaignId);
    const byAccount = new Map<string, Set<string>>();
    for (const offer of offers) {
      const ids = byAccount.get(offer.payload.accountId) ?? new Set();
      byAccount.set(offer.payload.accountId, ids.add(offer.eventId));
    }
    expect([...byAccount.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(offers.length).toBeGreaterThan(byAccount.size); // the repeated page
    expect(byAccount.size).toBe(handedOffTotal(launch.counts));
    // Every account walked once; those reached in the earlier tests are out of the segment now
    // (contacted within three days).
    const { counts } = launch;
    expect(counts.scanned).toBe(everyone.length);
    expect(counts.holdout + handedOffTotal(counts) + counts.notInSegment).toBe(everyone.length);
    expect(counts.reasons['CONTACTED_RECENTLY']).toBeGreaterThan(0);

    const consenting = everyone.filter((a) => a.marketingConsent && byAccount.has(a.accountId));
    await until('every consenting treated account planned', () =>
      consenting.every((a) => plansOf(campaignId).some((e) => e.payload.accountId === a.accountId)),
    );
    // One message each, whatever the broker redelivered.
    const planned = plansOf(campaignId);
    expect(new Set(planned.map((e) => e.payload.messageId)).size).toBe(consenting.length);
    expect(new Set(planned.map((e) => e.payload.accountId)).size).toBe(consenting.length);
    service.child.kill('SIGTERM');
    await service.exited;
  });
});
