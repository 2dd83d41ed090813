/**
 * `kindly demo`: the whole pipeline on local defaults. It starts the Twilio stand-in and an SMTP
 * catcher, hosts every service in this process on one simulated clock, loads a generated
 * portfolio, moves the clock hour by hour over the simulated days while the bank's events and the
 * customers' replies arrive on time, and ends with a summary, the audit verified and every send
 * in it re-checked (audit-verdict.ts), a reconciliation of its numbers across independent
 * sources, and an HTML report, all
 * under the run's own id (demo-runs.ts). Infrastructure (Kafka, MongoDB) comes from the
 * environment.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DayCounts, DemoProgress } from './demo-progress.js';
import { DateTime } from 'luxon';
import { keptSends } from '@kindly/audit';
import { createLaunchesRepository, startLaunch } from '@kindly/campaigns';
import {
  campaignOutcome,
  DEMO_CAMPAIGN_FILE,
  demoCampaignSource,
  type CampaignOutcome,
} from './demo-campaign.js';
import { provision } from '@kindly/provisioning';
import { auditKeysFileOf, createRun, finishRun, type DemoRun } from './demo-runs.js';
import { htmlReport } from './html-report.js';
import { observedTypes, type Observed } from './observer.js';
import { createOfferInbox } from './offer-inbox.js';
import { createOfferTakers, type OfferTakerCounts } from './offer-takers.js';
import { checkContent, contentCheckText, type ContentCheck } from './content-check.js';
import {
  historyFacts,
  letterContent,
  loadCountryTerms,
  standInContent,
} from './content-sources.js';
import { bankTypes, startPipeline, type Pipeline } from './pipeline.js';
import { ensureDemoKeys } from './demo-console.js';
import {
  auditVerdict,
  auditVerdictOk,
  auditVerdictText,
  type AuditVerdict,
} from './audit-verdict.js';
import { generatePortfolio, TENANT, type BankEvent } from './portfolio.js';
import { outboxFacts, recordFacts, standInFacts, topicFacts } from './reconciliation-sources.js';
import { reconcile, type Reconciliation } from './reconciliation.js';
import { summarise, summaryText, type DemoSummary } from './summary.js';

export interface DemoOptions {
  readonly accounts: number;
  readonly days: number;
  /** Runs go into `<outDir>/runs/<runId>/`. */
  readonly outDir: string;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly log: (line: string) => void;
  readonly progress: DemoProgress;
}

/** The first simulated instant of every run. */
export const START = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'utc' });
const HOUR = 3_600_000;
const SECRET = 'demo-secret-not-for-production';

export interface DemoResult {
  /**
   * The numbers reconcile, the audit verifies, and neither its re-check nor the content check
   * found anything.
   */
  readonly ok: boolean;
  readonly run: DemoRun;
  readonly summary: DemoSummary;
  readonly reconciliation: Reconciliation;
  readonly audit: AuditVerdict;
  readonly content: ContentCheck;
  /** The demo campaign's launch and report. */
  readonly campaign: CampaignOutcome['json'];
  /** The customers' side: how many paid after taking the offer, and how many through its link. */
  readonly offerTakers: OfferTakerCounts;
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { log } = options;
  let run = createRun(options.outDir, { accounts: options.accounts, days: options.days });
  log(
    `Kindly demo run ${run.runId}: ${options.accounts} accounts over ${options.days} simulated days`,
  );
  log(`topics prefixed ${run.prefix}, database ${run.database}, folder ${run.dir}`);
  let pipeline: Pipeline | undefined;
  try {
    await provision(
      {
        kafkaBrokers: options.kafkaBrokers,
        mongoUri: options.mongoUri,
        mongoDatabase: run.database,
      },
      { prefix: run.prefix },
    );
    const portfolio = generatePortfolio({
      count: options.accounts,
      start: START,
      days: options.days,
    });
    pipeline = await startPipeline({
      kafkaBrokers: options.kafkaBrokers,
      mongoUri: options.mongoUri,
      database: run.database,
      prefix: run.prefix,
      start: START,
      letterOutbox: run.outbox,
      secret: SECRET,
      auditKeysFile: auditKeysFileOf(run),
    });
    // One key per role, for the console during and after the run.
    await ensureDemoKeys(pipeline.mongo.db, START.toISO({ suppressMilliseconds: true }) ?? '');
    // The demo's campaign, launched before the first simulated hour: the campaigns service walks
    // its segment when its day comes (the fourth, in New York, or halfway through a shorter run).
    const campaignSource = demoCampaignSource(START, options.days);
    log(
      `campaign: on simulated day ${campaignSource.day} (${campaignSource.date}, ${campaignSource.timeZone})`,
    );
    const launched = await startLaunch(createLaunchesRepository(pipeline.mongo.db), {
      bytes: campaignSource.bytes,
      file: DEMO_CAMPAIGN_FILE,
      by: 'demo',
      at: START.toISO({ suppressMilliseconds: true }) ?? '',
    });
    if (launched.kind !== 'started')
      throw new Error(`the demo campaign did not launch: ${launched.kind}`);
    const offerTakers = await simulate(pipeline, portfolio, options);

    // What the topics, the services' records and the stand-ins say, before the services stop;
    // the print outbox after, once the dispatcher has sealed its last batch.
    const { observed, mongo, standIns } = pipeline;
    const { records, taskMessages } = await recordFacts(mongo.db);
    const received = standInFacts(standIns);
    const sends = await keptSends(mongo.db);
    const audit = await auditVerdict(mongo.db, run.dir, pipeline.anchoring);
    const campaign = await campaignOutcome(
      mongo.db,
      launched.launch.campaignId,
      run.dir,
      campaignSource,
      offerTakers,
    );
    // The content as the stand-ins received it, before they stop; the letters once sealed.
    const smsAndMail = standInContent(standIns);
    const history = historyFacts(observed, sends);
    const stopping = pipeline;
    pipeline = undefined;
    await stopping.stop();
    const reconciliation = reconcile({
      topics: topicFacts(observed, taskMessages),
      records,
      received: { ...received, ...outboxFacts(run.outbox) },
    });
    const summary = summarise(observed, options.accounts, START.toMillis(), options.days);
    const content = checkContent({
      ...history,
      sent: [...smsAndMail, ...(await letterContent(run.outbox))],
      countryTerms: loadCountryTerms(),
    });

    const reportFile = join(run.dir, 'report.html');
    writeFileSync(
      reportFile,
      htmlReport(
        summary,
        reconciliation,
        audit,
        `Kindly demo ${run.runId} — ${options.accounts} accounts, ${options.days} days`,
        campaign,
      ),
    );
    writeFileSync(
      join(run.dir, 'summary.json'),
      `${JSON.stringify({ runId: run.runId, summary, reconciliation, audit, content, campaign: campaign.json, offerTakers }, null, 2)}\n`,
    );
    log('');
    log(summaryText(summary, reconciliation));
    log(auditVerdictText(audit));
    log(campaign.text);
    log(contentCheckText(content));
    log(`\nreport: ${reportFile}`);
    log(`print outbox: ${run.outbox}`);
    const ok = reconciliation.ok && auditVerdictOk(audit) && content.findings.length === 0;
    run = finishRun(run, reconciliation.ok ? 'reconciled' : 'not reconciled');
    return {
      ok,
      run,
      summary,
      reconciliation,
      audit,
      content,
      campaign: campaign.json,
      offerTakers,
    };
  } catch (error) {
    run = finishRun(run, 'failed');
    throw error;
  } finally {
    await pipeline?.stop();
  }
}

/**
 * Moves the clock hour by hour, publishing the bank's events and the customers' replies on time,
 * and the payments of those who take the campaign's offer once its message has reached them.
 */
async function simulate(
  pipeline: Pipeline,
  portfolio: ReturnType<typeof generatePortfolio>,
  options: DemoOptions,
): Promise<OfferTakerCounts> {
  const { standIns, clock, observed } = pipeline;
  const inbox = createOfferInbox(standIns);
  const takers = createOfferTakers(portfolio);
  for (const number of portfolio.undeliverableNumbers) {
    standIns.twilio.scenarioFor(number, {
      kind: 'undeliverable',
      errorCode: 30003,
      finalStatus: 'undelivered',
    });
  }
  const end = START.toMillis() + options.days * 24 * HOUR;
  let next = 0;
  options.progress.start(options.days);
  for (let now = START.toMillis(); now < end; now += HOUR) {
    // The takers' payments first: from this hour on, their debts are paid up.
    const due: BankEvent[] = takers.due(now);
    while (next < portfolio.actions.length && (portfolio.actions[next]?.at ?? end) <= now) {
      const action = portfolio.actions[next++];
      if (!action) break;
      if (action.kind === 'bank') {
        if (takers.keeps(action.event)) due.push(action.event);
      } else
        await standIns.twilio.simulateInboundSms({
          from: action.from,
          to: '+15005550006',
          body: action.body,
        });
    }
    clock.set(DateTime.fromMillis(now, { zone: 'utc' }));
    for (const type of bankTypes) {
      const batch = due.filter((e) => e.type === type);
      if (batch.length > 0) await pipeline.publish(batch);
      takers.published(batch);
    }
    await pipeline.settled(now);
    takers.received(inbox.newLinks(), now);
    const day = Math.floor((now - START.toMillis()) / (24 * HOUR)) + 1;
    if ((now - START.toMillis()) % (24 * HOUR) === 23 * HOUR) {
      options.progress.day(day, dayCounts(observed));
    }
  }
  await pipeline.settled(end);
  await pipeline.settled(end, 2_000);
  options.progress.stop();
  return { ...takers.counts };
}

function dayCounts(observed: Observed): DayCounts {
  const t = observed.byType;
  // Distinct messages: a plan republished after a crash or a race carries the same id.
  return {
    planned: new Set(t['outreach.planned'].map((e) => e.payload.messageId)).size,
    sent: new Set(
      t['delivery.outcome']
        .filter((e) => e.payload.status === 'accepted')
        .map((e) => e.payload.messageId),
    ).size,
    suppressed: t['outreach.suppressed'].length,
  };
}

export const demoTenant = TENANT;
export { observedTypes };
