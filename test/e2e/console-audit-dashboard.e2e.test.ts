/**
 * The web console over an audit that holds records, in headless Chromium, against the operator
 * API and the audit service on the real broker and server. Three accounts' messages go through
 * the audit's own consumer as the pipeline's events (a plan, its rendering, the provider's
 * reports, a payment; a suppression). Then the dashboard draws the funnel from them, with its
 * axes, units and non-zero bars; and an auditor walks the audit page: the records of an account,
 * the records of a phone number (which never reaches a URL), an export as CSV (the downloaded
 * file's header), and a verification. Screenshots are kept under .cache/e2e-screenshots/.
 */
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { createKafka, createProducer, type Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
// The operator's own test fixture (API + audit over a namespace, a key per role).
import {
  startOperatorService,
  type OperatorUnderTest,
} from '../../services/operator/src/testing/operator-service.fixture.js';
// The audit's CSV columns, as its export writes them.
import { AUDIT_CSV_COLUMNS } from '../../services/audit/src/export/index.js';
import { publishEvents, sendEvents, STORY_TENANT, suppressedEvent } from './console/audit-story.js';
import { launchBrowser, screenshot } from './console/browser.js';
import { consoleOrigin, ensureConsoleBuilt, type ConsoleOrigin } from './console/console-server.js';
import { signIn } from './console/session.js';

/** Page loads and API round trips on a loaded machine: more than expect.poll's default second. */
const WAIT = { timeout: 15_000 };
const WEI_PHONE = '+8613800138000';
/** Three accounts: a text delivered and paid, a campaign's e-mail delivered, a text that failed. */
const EVENTS = [
  ...sendEvents({
    accountId: 'ACC-E2E-1',
    channel: 'sms',
    to: WEI_PHONE,
    stage: 1,
    templateId: 'overdue-notice-1',
    at: '2026-03-02T02:00:00Z',
    outcome: 'delivered',
    paidAt: '2026-03-03T04:00:00Z',
  }),
  ...sendEvents({
    accountId: 'ACC-E2E-2',
    channel: 'email',
    to: 'li.na@example.com',
    stage: 2,
    templateId: 'overdue-notice-2',
    campaignId: 'spring-offer',
    at: '2026-03-02T03:00:00Z',
    outcome: 'delivered',
  }),
  ...sendEvents({
    accountId: 'ACC-E2E-3',
    channel: 'sms',
    to: '+8613900139000',
    stage: 1,
    templateId: 'overdue-notice-1',
    at: '2026-03-03T02:00:00Z',
    outcome: 'failed',
  }),
  suppressedEvent('ACC-E2E-3', '2026-03-03T05:00:00Z', ['DISPUTE']),
];

/** The texts an SVG chart draws: axis names, categories, ticks, legend. */
async function chartTexts(chart: Locator): Promise<string[]> {
  await chart.locator('svg text').first().waitFor();
  return (await chart.locator('svg text').allTextContents()).map((text) => text.trim());
}

/** The rows of an antd table, without its placeholder row. */
function rowsOf(table: Locator): Locator {
  return table.locator('tbody tr.ant-table-row');
}

async function openTab(page: Page, name: string): Promise<void> {
  await page.getByTestId('audit-tabs').getByRole('tab', { name }).click();
}

describe('the web console over kept audit records: the dashboard’s charts and the audit page', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let producer: Producer;
  let origin: ConsoleOrigin;
  let browser: Browser;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const kept = async (query: string) => {
    const answer = await fetch(`${api.operator.url}/v1/audit/records?${query}`, {
      headers: { authorization: `Bearer ${api.keys.auditor.key}` },
    });
    return ((await answer.json()) as { records: unknown[] }).records.length;
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console-audit', eventTypes);
    api = await startOperatorService(ns, clock);
    producer = createProducer(createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'e2e' }));
    await producer.connect();
    await publishEvents(ns, producer, EVENTS);
    // The audit's consumer keeps them as it keeps any run's.
    const deadline = Date.now() + 60_000;
    while ((await kept(`tenantId=${STORY_TENANT}&limit=1000`)) < EVENTS.length) {
      if (Date.now() > deadline) throw new Error('the story’s events were not all kept');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await origin?.stop();
    await producer?.disconnect();
    await api?.stop();
    await ns?.cleanup();
  });

  it('draws the funnel by channel, stage, campaign and day from the kept records, with axes and units', async () => {
    const page = await signIn(browser, origin.url, api.keys.operator.key);
    await page.goto(`${origin.url}/dashboard`);
    await page.getByTestId('dashboard').waitFor();

    const byChannel = await chartTexts(page.getByTestId('chart-channel'));
    // The axes' names (the unit: messages), the categories, the steps' legend.
    expect(byChannel).toEqual(expect.arrayContaining(['Channel', 'Messages', 'sms', 'email']));
    expect(byChannel).toEqual(expect.arrayContaining(['Planned', 'Sent', 'Delivered', 'Paid']));
    // Two texts planned: the value axis runs to 2, and bars are drawn (not an empty chart).
    expect(byChannel).toEqual(expect.arrayContaining(['0', '1', '2']));
    expect(await page.getByTestId('chart-channel').locator('svg path').count()).toBeGreaterThan(4);

    expect(await chartTexts(page.getByTestId('chart-stage'))).toEqual(
      expect.arrayContaining(['Stage', 'Messages', '1', '2']),
    );
    expect(await chartTexts(page.getByTestId('chart-campaign'))).toEqual(
      expect.arrayContaining(['Campaign', 'Messages', 'spring-offer', '(none)']),
    );
    expect(await chartTexts(page.getByTestId('chart-daily'))).toEqual(
      expect.arrayContaining(['Date (UTC)', 'Messages', '2026-03-02', '2026-03-03']),
    );
    expect(await chartTexts(page.getByTestId('chart-suppressions'))).toEqual(
      expect.arrayContaining(['Reason', 'Messages', 'DISPUTE']),
    );
    // The provider's failures: one text of two failed.
    await expect.poll(() => page.getByText('50.0 %').count(), WAIT).toBeGreaterThan(0);
    await page.waitForTimeout(800); // the bars grow in
    await screenshot(page, '60-dashboard-with-records');
    await page.context().close();
  });

  it('lets an auditor find an account’s records, a phone number’s records, export them and verify', async () => {
    const page = await signIn(browser, origin.url, api.keys.auditor.key);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${origin.url}/audit`);

    await openTab(page, 'Records');
    await page.getByTestId('records-accountId').fill('ACC-E2E-1');
    await page.getByTestId('records-find').click();
    const records = page.getByTestId('records-table');
    // The plan, its rendering, the provider's two reports, the payment.
    await expect.poll(() => rowsOf(records).count(), WAIT).toBe(5);
    for (const row of await rowsOf(records).allTextContents()) expect(row).toContain('ACC-E2E-1');
    expect(await records.textContent()).toContain('outreach.planned');
    expect(await records.textContent()).toContain('account.payment');
    await screenshot(page, '61-auditor-records-by-account');

    await openTab(page, 'Search by address or customer');
    await page.getByTestId('search-value').fill(WEI_PHONE);
    await page.getByTestId('search-submit').click();
    const found = page.getByTestId('search-table');
    // The provider's two reports went to that number; no other account's records.
    await expect.poll(() => rowsOf(found).count(), WAIT).toBe(2);
    for (const row of await rowsOf(found).allTextContents()) {
      expect(row).toContain('ACC-E2E-1');
      expect(row).toContain('delivery.outcome');
    }
    await screenshot(page, '62-auditor-search-by-phone');

    await openTab(page, 'Export');
    await page.getByTestId('export-accountId').fill('ACC-E2E-1');
    await page.getByTestId('export-reason').fill('examination 2026-03 of the console test');
    const downloading = page.waitForEvent('download');
    await page.getByTestId('export-download').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('audit-records.csv');
    const csv = readFileSync(await download.path(), 'utf8');
    const lines = csv.trimEnd().split(/\r?\n/);
    // A byte order mark for the spreadsheet, then the header, then the account's five records.
    expect(lines[0]).toBe(`\uFEFF${AUDIT_CSV_COLUMNS.join(',')}`);
    expect(lines).toHaveLength(6);
    expect(lines.slice(1).every((line) => line.startsWith(`${STORY_TENANT},ACC-E2E-1,`))).toBe(
      true,
    );
    await page.getByTestId('export-done').waitFor();
    await screenshot(page, '63-auditor-export');
    // The same records as JSON lines: each line a record with its chain fields.
    await page.getByTestId('export-format').getByText('JSON lines').click();
    const downloadingLines = page.waitForEvent('download');
    await page.getByTestId('export-download').click();
    const jsonLines = await downloadingLines;
    expect(jsonLines.suggestedFilename()).toBe('audit-records.jsonl');
    const kept = readFileSync(await jsonLines.path(), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { accountId: string; seq: number; hash: string });
    expect(kept.map((record) => [record.accountId, record.seq])).toEqual(
      [1, 2, 3, 4, 5].map((seq) => ['ACC-E2E-1', seq]),
    );

    await openTab(page, 'Verify and violations');
    await page.getByTestId('verify').click();
    const verdict = page.getByTestId('verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.textContent()).toContain('Every chain and anchor is whole');
    await screenshot(page, '64-auditor-verified');

    // What was searched for went in a request's body: never into a URL, nor the page's address.
    const digits = WEI_PHONE.slice(1);
    expect(requested.filter((url) => url.includes(digits))).toEqual([]);
    // Nor the export's reason: it goes in the export's POST body.
    expect(requested.filter((url) => url.includes('examination'))).toEqual([]);
    expect(page.url()).not.toContain(digits);
    await page.context().close();
  });

  it('shows the audit page in Chinese', async () => {
    const page = await signIn(browser, origin.url, api.keys.admin.key);
    await page.goto(`${origin.url}/audit`);
    await page.getByTestId('language-switch').getByText('中文').click();
    await openTab(page, '记录查询');
    await page.getByTestId('records-tenantId').fill(STORY_TENANT);
    await page.getByTestId('records-find').click();
    await expect
      .poll(() => rowsOf(page.getByTestId('records-table')).count(), WAIT)
      .toBeGreaterThan(10);
    expect(await page.getByTestId('records-count').textContent()).toContain('条记录');
    await screenshot(page, '65-admin-audit-records-zh-CN');
    await page.context().close();
  });
});
