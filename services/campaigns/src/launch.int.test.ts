import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { parseConfig } from '@kindly/config';
import type { AnyEvent, EventOf } from '@kindly/contracts';
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
const fixture = fileURLToPath(new URL('./testing/campaigns-service.fixture.ts', import.meta.url));

/**
 * A launch on the real broker and server: the campaigns service in its own process (killed with
 * SIGKILL in one test, as a power cut would), the planner in this one. What is checked is what
 * reaches the planner and what it plans: only treatment accounts are handed over, only those
 * with marketing consent get a message, the holdout never does, the throttle holds per second,
 * a pause holds from the next round, and a restart after a crash sends nothing twice.
 */
describe('a campaign launch through the planner', () => {
  let ns: ProvisionedNamespace;
  let producer: Producer;
  let reader: Consumer;
  let planner: StartedService;
  let folder: string;
  const seen: AnyEvent[] = [];
  /** Every account sent so far: each launch walks all of them. */
  const everyone: CampaignAccount[] = [];
  const children: ReturnType<typeof spawn>[] = [];

  const ofType = <K extends AnyEvent['type']>(type: K) =>
    seen.filter((e): e is EventOf<K> => e.type === type);
  const offersOf = (campaignId: string) =>
    ofType('campaign.offer').filter((e) => e.payload.campaignId === campaignId);
  const plansOf = (campaignId: string) =>
    ofType('outreach.planned').filter((e) => e.payload.campaignId === campaignId);
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
    CAMPAIGNS_ROUND_INTERVAL_MS: '100',
    CAMPAIGNS_PAGE_SIZE: '7',
    CAMPAIGNS_SESSION_TIMEOUT_MS: '6000',
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
      ],
      fromBeginning: true,
    });
    await reader.run({
      eachMessage: async ({ message }) =>
        void seen.push(JSON.parse(message.value?.toString() ?? '{}') as AnyEvent),
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
    const campaignId = `spring-${randomBytes(3).toString('hex')}`;
    const perSecond = 4;
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
      perSecondSeen.set(offer.occurredAt, (perSecondSeen.get(offer.occurredAt) ?? 0) + 1);
    }
    expect(Math.max(...perSecondSeen.values())).toBeLessThanOrEqual(perSecond);
    expect(launch?.actions.map((a) => [a.action, a.by])).toEqual([
      ['launch', 'ops-1'],
      ['complete', 'kindly'],
    ]);
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('stops handing over from the round after a pause, and carries on after a resume', async () => {
    const service = startService();
    const accounts = someAccounts('p', 24);
    await known(accounts);
    const campaignId = `paused-${randomBytes(3).toString('hex')}`;
    expect((await campaign(['launch', fileFor(campaignId, 3), '--by', 'ops-2'])).code).toBe(0);
    await until('some accounts handed over', () => offersOf(campaignId).length >= 2);
    const paused = await campaign(['pause', campaignId, '--reason', 'wording complaint']);
    expect(paused.code, paused.err).toBe(0);
    // A round already under way when the pause landed may finish its page: at most one
    // second's allowance more; then nothing, however long we wait.
    const atPause = (await launchOf(campaignId))!;
    await new Promise((r) => setTimeout(r, 1_500));
    const settled = offersOf(campaignId).length;
    expect(settled).toBeLessThanOrEqual(handedOffTotal(atPause.counts) + 3);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(offersOf(campaignId).length).toBe(settled);
    expect((await launchOf(campaignId))?.status).toBe('paused');

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
    expect(launch.actions[1]).toMatchObject({ reason: 'wording complaint' });
    service.child.kill('SIGTERM');
    await service.exited;
  });

  it('resumes after a SIGKILL between handing a page over and moving on, and nobody gets two messages', async () => {
    const accounts = someAccounts('k', 30);
    // The first process dies right after handing over its second page.
    let service = startService({ CAMPAIGNS_CRASH_AFTER_PUBLISH: '2' });
    await known(accounts);
    const campaignId = `killed-${randomBytes(3).toString('hex')}`;
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
    expect(launch.counts.holdout + handedOffTotal(launch.counts)).toBe(everyone.length);

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
