import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testInfra } from '@kindly/testing';
import { listRuns, removeRun } from './demo-runs.js';
import { outboxFacts } from './reconciliation-sources.js';

const CONSOLE_DIST = join(import.meta.dirname, '..', '..', '..', 'console', 'dist');
import { runDemo, START, type DemoResult } from './run-demo.js';
import { demoKey, serveRunConsole } from './demo-console.js';
import { quietProgress } from './demo-progress.js';

/**
 * The README's demo, twice in a row on a tiny portfolio: two independent runs whose summaries
 * both reconcile, the second one counting its own letters (message ids repeat from run to run:
 * they derive from the portfolio), not the first one's, and whose content check finds nothing.
 * 40 accounts over 2 days (as quick as 20 over 3) is the smallest of the seeded portfolios that
 * sends SMS, e-mails and letters to customers in China, the US and the UK alike.
 */
describe('the demo, run twice', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'kindly-demo-'));

  afterAll(async () => {
    for (const run of listRuns(outDir)) await removeRun(run, testInfra());
    rmSync(outDir, { recursive: true, force: true });
  });

  const demo = (): Promise<DemoResult> =>
    runDemo({
      accounts: 40,
      days: 2,
      outDir,
      kafkaBrokers: testInfra().kafkaBrokers,
      mongoUri: testInfra().mongoUri,
      log: () => {},
      progress: quietProgress,
    });

  it('gives two independent summaries that reconcile, each with its own letters', async () => {
    const first = await demo();
    const second = await demo();

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
    }
    expect(second.run.runId).not.toBe(first.run.runId);
    expect(second.run.database).not.toBe(first.run.database);
    expect(second.run.prefix).not.toBe(first.run.prefix);

    // The same portfolio, the same plan: and each run wrote its own PDFs, into its own outbox.
    const letters = first.summary.lettersProduced;
    expect(letters).toBeGreaterThan(0);
    expect(second.summary.lettersProduced).toBe(letters);
    const pdfs = [first, second].map((r) => outboxFacts(r.run.outbox));
    for (const facts of pdfs) {
      expect(facts.sealedPdfs).toHaveLength(letters);
      expect(facts.unsealedPdfs).toEqual([]);
    }
    // Written during the second run, not left from the first.
    const started = Date.parse(second.run.startedAt);
    for (const file of pdfFiles(second.run.outbox)) {
      expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started);
    }
    expect(listRuns(outDir).map((r) => r.runId)).toEqual([first.run.runId, second.run.runId]);
  }, 180_000);

  it('serves the console over a run: the funnel, a timeline, the campaign, the audit verdict', async () => {
    const run = listRuns(outDir).at(-1);
    if (run === undefined) throw new Error('no run kept');
    const served = await serveRunConsole({
      ...testInfra(),
      database: run.database,
      prefix: run.prefix,
      end: START.plus({ days: run.days }),
    });
    try {
      const as = async (
        role: 'operator' | 'auditor' | 'marketing',
        method: string,
        path: string,
      ) => {
        const response = await fetch(`${served.url}${path}`, {
          method,
          headers: { authorization: `Bearer ${demoKey(role).key}` },
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
      expect(await as('auditor', 'POST', '/v1/audit/verify')).toMatchObject({ ok: true });
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

function pdfFiles(outbox: string): string[] {
  return readdirSync(outbox, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) =>
      readdirSync(join(outbox, entry.name))
        .filter((file) => file.endsWith('.pdf'))
        .map((file) => join(outbox, entry.name, file)),
    );
}
