import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withMongo } from '@kindly/mongo';
import { testInfra } from '@kindly/testing';
import { auditKeysFileOf, listRuns, removeRun } from './demo-runs.js';
import { outboxFacts } from './reconciliation-sources.js';

const CONSOLE_DIST = join(import.meta.dirname, '..', '..', '..', 'console', 'dist');
import { runDemo, START, type DemoResult } from './run-demo.js';
import { demoKey, serveRunConsole } from './demo-console.js';
import { quietProgress } from './demo-progress.js';

/**
 * The README's demo, twice in a row on small portfolios of one day: two independent runs whose
 * summaries both reconcile, the second one counting its own letters (message ids repeat from run
 * to run: they derive from the portfolio, and the second's first 40 accounts are the first's),
 * not the first one's, and whose content check finds nothing. 40 accounts are enough for SMS,
 * e-mails and letters to customers in China, the US and the UK alike; the second run's 150 give
 * its campaign takers in each variant, some paying through the message's link and some by the
 * window alone. A run's time goes mostly on its simulated hours, hence one day each.
 */
describe('the demo, run twice', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kindly-demo-'));

  afterAll(async () => {
    for (const run of listRuns(outDir)) await removeRun(run, testInfra());
    rmSync(outDir, { recursive: true, force: true });
  });

  const demo = (accounts: number): Promise<DemoResult> =>
    runDemo({
      accounts,
      days: 1,
      outDir,
      kafkaBrokers: testInfra().kafkaBrokers,
      mongoUri: testInfra().mongoUri,
      log: () => {},
      progress: quietProgress,
    });

  it('gives two independent summaries that reconcile, each with its own letters', async () => {
    const first = await demo(40);
    const second = await demo(150);

    for (const result of [first, second]) {
      expect(result.reconciliation.checks.filter((c) => !c.holds)).toEqual([]);
      // The content check read what every channel sent in every country, and found nothing.
      expect(result.content.findings).toEqual([]);
      expect(Object.keys(result.content.readBy).sort()).toEqual(
        ['email', 'letter', 'sms'].flatMap((channel) =>
          ['CN', 'GB', 'US'].map((country) => `${channel}:${country}`),
        ),
      );
      // The audit service kept every send: verified whole, and its own re-check finds none
      // broke a rule; the violation report sits beside the HTML report, which links to it.
      const sent = Object.values(result.summary.sentByChannel).reduce((a, b) => a + b, 0);
      expect(sent).toBeGreaterThan(0);
      expect(result.audit.verify).toMatchObject({ ok: true, brokenChainCount: 0 });
      expect(result.audit.violations).toMatchObject({ total: 0, sends: sent });
      expect(readFileSync(join(result.run.dir, 'violations.html'), 'utf8')).toContain(
        'No violation found.',
      );
      expect(readFileSync(join(result.run.dir, 'report.html'), 'utf8')).toContain(
        'href="violations.html"',
      );
      expect(result.ok).toBe(true);
      expect(result.run.status).toBe('reconciled');
      expectCampaignWalked(result);
    }
    expectCampaignPaidFor(second);
    await expectOneFoldServedThree(second);
    expect(second.run.runId).not.toBe(first.run.runId);
    expect(second.run.database).not.toBe(first.run.database);
    expect(second.run.prefix).not.toBe(first.run.prefix);

    // The same 40 accounts, the same plan for them: and each run wrote its own PDFs, into its
    // own outbox, the second the first's letters among its own.
    expect(first.summary.lettersProduced).toBeGreaterThan(0);
    const pdfs = [first, second].map((r) => outboxFacts(r.run.outbox));
    for (const [i, result] of [first, second].entries()) {
      expect(pdfs[i]?.sealedPdfs).toHaveLength(result.summary.lettersProduced);
      expect(pdfs[i]?.unsealedPdfs).toEqual([]);
    }
    expect(pdfs[1]?.sealedPdfs).toEqual(expect.arrayContaining([...(pdfs[0]?.sealedPdfs ?? [])]));
    // Written during the second run, not left from the first.
    const started = Date.parse(second.run.startedAt);
    for (const file of pdfFiles(second.run.outbox)) {
      expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started);
    }
    expect(listRuns(outDir).map((r) => r.runId)).toEqual([first.run.runId, second.run.runId]);
  }, 300_000);

  it('serves the console over a run: the funnel, a timeline, the campaign, the audit verdict', async () => {
    const run = listRuns(outDir).at(-1);
    if (run === undefined) throw new Error('no run kept');
    const served = await serveRunConsole({
      ...testInfra(),
      database: run.database,
      prefix: run.prefix,
      end: START.plus({ days: run.days }),
      auditKeysFile: auditKeysFileOf(run),
    });
    try {
      const as = async (
        role: 'operator' | 'auditor' | 'marketing',
        method: string,
        path: string,
        body?: unknown,
      ) => {
        const response = await fetch(`${served.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${demoKey(role).key}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        expect(response.status, path).toBe(200);
        return (await response.json()) as Record<string, unknown>;
      };
      const dashboard = await as('operator', 'GET', '/v1/dashboard');
      const byChannel = (dashboard['funnel'] as { byChannel: { planned: number; sent: number }[] })
        .byChannel;
      expect(byChannel.reduce((n, row) => n + row.sent, 0)).toBeGreaterThan(0);
      const timeline = await as('operator', 'GET', '/v1/accounts/demo-bank/demo-00001/timeline');
      expect((timeline['entries'] as { type: string }[]).map((e) => e.type)).toContain(
        'account.overdue',
      );
      const campaigns = await as('marketing', 'GET', '/v1/campaigns');
      expect(campaigns['campaigns']).toEqual([
        expect.objectContaining({ campaignId: 'demo-instalment-offer' }),
      ]);
      // The campaign's report over the API: the numbers the run's summary has.
      const report = await as('marketing', 'GET', '/v1/campaigns/demo-instalment-offer/report');
      const summarised = (
        JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as {
          campaign: DemoResult['campaign'];
        }
      ).campaign;
      const overApi = (report['groups'] as ReportGroup[]).map((g) => ({
        group: g.arm.group === 'holdout' ? 'holdout' : (g.arm.variant ?? ''),
        accounts: g.accounts,
        contacted: g.contacted,
        paid: g.paid,
        paidByReference: g.paidByReference,
        uplift: g.uplift.available,
      }));
      expect(overApi).toEqual(
        (summarised.groups ?? []).map((g) => ({
          group: g.group,
          accounts: g.accounts,
          contacted: g.contacted,
          paid: g.paid,
          paidByReference: g.paidByReference,
          uplift: g.upliftPoints !== null,
        })),
      );
      expect(overApi.reduce((n, g) => n + g.paidByReference, 0)).toBeGreaterThan(0);
      expect(await as('auditor', 'POST', '/v1/audit/verify')).toMatchObject({ ok: true });
      // A message the run sent, as it was sent: the console served later opens it with the
      // audit's keys the run kept in its folder.
      const found = await as(
        'auditor',
        'GET',
        '/v1/audit/records?type=outreach.rendered&channel=sms&limit=1',
      );
      const [kept] = found['records'] as {
        accountId: string;
        body?: { payload?: { messageId?: string } };
      }[];
      const messageId = kept?.body?.payload?.messageId;
      expect(messageId).toBeDefined();
      const opened = await as(
        'auditor',
        'POST',
        `/v1/accounts/demo-bank/${kept?.accountId ?? ''}/messages/${messageId ?? ''}/content`,
        { reason: 'demo check: the message as the customer read it' },
      );
      expect(JSON.stringify(opened['content'])).toMatch(/\w/);
      // The console's page itself, from the same origin.
      const page = await fetch(`${served.url}/`);
      expect(page.headers.get('content-type') ?? '').toContain(
        existsSync(join(CONSOLE_DIST, 'index.html')) ? 'text/html' : 'application/problem+json',
      );
    } finally {
      await served.stop();
    }
  }, 120_000);
});

interface ReportGroup {
  readonly arm: { readonly group: 'holdout' | 'treatment'; readonly variant?: string };
  readonly accounts: number;
  readonly contacted: number;
  readonly paid: number;
  readonly paidByReference: number;
  readonly uplift: { readonly available: boolean };
}

/**
 * The campaign walked its segment on the run's first day (its only one) and handed the treated
 * to the planner; the holdout was never contacted; each variant has its uplift over the holdout;
 * and the report's page is in the run's folder.
 */
/**
 * Hosted together, the scheduler, renderer and dispatcher kept no copy of their own: the one fold
 * (`account-facts`) held every account the planner did, and the three read it.
 */
async function expectOneFoldServedThree(result: DemoResult): Promise<void> {
  const counts = await withMongo(
    { uri: testInfra().mongoUri, database: result.run.database, appName: 'run-demo-test' },
    async (db) => {
      const count = (name: string) => db.collection(name).countDocuments({});
      return {
        planner: await count('accounts'),
        shared: await count('account-facts'),
        own: [
          await count('scheduler-accounts'),
          await count('renderer-accounts'),
          await count('dispatcher-accounts'),
        ],
      };
    },
  );
  expect(counts.planner).toBeGreaterThan(0);
  expect(counts.shared).toBe(counts.planner);
  expect(counts.own).toEqual([0, 0, 0]);
}

function expectCampaignWalked(result: DemoResult): void {
  const { campaign } = result;
  expect(campaign).toMatchObject({ campaignId: 'demo-instalment-offer', day: 1 });
  expect(campaign.date).toBe(START.toISODate());
  const handed = Object.values(campaign.counts?.handedOff ?? {}).reduce((a, b) => a + b, 0);
  expect(handed).toBeGreaterThan(0);
  const groups = campaign.groups ?? [];
  expect(groups.map((g) => g.group).sort()).toEqual([
    'challenger-savings-first',
    'champion',
    'holdout',
  ]);
  const holdout = groups.find((g) => g.group === 'holdout');
  expect(holdout?.accounts).toBeGreaterThan(0);
  expect(holdout?.contacted).toBe(0);
  for (const variant of groups.filter((g) => g.group !== 'holdout')) {
    expect(variant.contacted, variant.group).toBeGreaterThan(0);
    expect(variant.upliftPoints, variant.group).not.toBeNull();
  }
  const page = readFileSync(join(result.run.dir, 'campaign-report.html'), 'utf8');
  expect(page).toContain('paid_by_reference');
  expect(page).toContain('<svg');
}

/**
 * Customers who took the offer paid, in each variant: some through the message's link (each such
 * payment attributed by its reference, and no other), some by a transfer of their own (by the
 * window alone).
 */
function expectCampaignPaidFor(result: DemoResult): void {
  const { campaign, offerTakers } = result;
  const groups = campaign.groups ?? [];
  for (const variant of groups.filter((g) => g.group !== 'holdout')) {
    expect(variant.paid, variant.group).toBeGreaterThan(0);
  }
  const byReference = groups.reduce((n, g) => n + g.paidByReference, 0);
  const paid = groups.reduce((n, g) => n + g.paid, 0);
  expect(offerTakers.throughLink).toBeGreaterThan(0);
  expect(offerTakers.paid).toBeGreaterThan(offerTakers.throughLink);
  expect(byReference).toBe(offerTakers.throughLink);
  expect(paid - byReference).toBeGreaterThan(0);
  expect(paid).toBeGreaterThanOrEqual(offerTakers.paid);
}

function pdfFiles(outbox: string): string[] {
  return readdirSync(outbox, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) =>
      readdirSync(join(outbox, entry.name))
        .filter((file) => file.endsWith('.pdf'))
        .map((file) => join(outbox, entry.name, file)),
    );
}
