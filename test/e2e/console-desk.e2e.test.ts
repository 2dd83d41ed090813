/**
 * The agent desk in headless Chromium, against the operator API on the real broker and server,
 * with tasks the escalation service made from released calls: an agent signs in, sees the task
 * that may be called now above an older one that may not (its customer's night), reports the
 * call's outcome through the outcome form, and the task shows it; the report is in the audit
 * chain. Screenshots are kept under .cache/e2e-screenshots/.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
// The escalation service's seeder: tasks made the real way, from released calls.
import {
  startDeskTaskSeeder,
  type DeskTaskSeeder,
} from '../../services/escalation/src/testing/desk-tasks.fixture.js';
// The operator's own test fixture (API + audit over a namespace, a key per role).
import {
  startOperatorService,
  type OperatorUnderTest,
} from '../../services/operator/src/testing/operator-service.fixture.js';
import { launchBrowser, screenshot } from './console/browser.js';
import { consoleOrigin, ensureConsoleBuilt, type ConsoleOrigin } from './console/console-server.js';
import { signIn } from './console/session.js';

// Wednesday 2026-03-04, 10:00 in New York, 23:00 in Shanghai: for the API and the browser alike
// (the outcome form dates the call at the browser's now, and the desk checks it at the API's).
const NOW = '2026-03-04T15:00:00Z';

describe('the web console’s agent desk', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let seeder: DeskTaskSeeder;
  let origin: ConsoleOrigin;
  let browser: Browser;
  let notNow: string;
  let callable: string;
  const clock = new ManualClock(DateTime.fromISO(NOW, { zone: 'utc' }));

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console-desk', eventTypes);
    api = await startOperatorService(ns, clock);
    seeder = await startDeskTaskSeeder(ns, clock);
    // The older task first: its customer is in Shanghai, where it is 23:00.
    notNow = await seeder.task({ accountId: 'ACC-E2E-DESK-SH', timeZone: 'Asia/Shanghai' });
    callable = await seeder.task({ accountId: 'ACC-E2E-DESK-NY' });
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await origin?.stop();
    await seeder?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  const rows = (page: Page) => page.getByTestId('desk-tasks').locator('tbody tr.ant-table-row');
  // The API answers within a second or two on a busy machine; a poll's default second is short.
  const WAIT = { timeout: 15_000 };

  it('shows an agent the callable task first and takes its outcome through the form', async () => {
    const page = await signIn(browser, origin.url, api.keys.agent.key);
    await page.clock.setFixedTime(new Date(NOW));
    await page.goto(`${origin.url}/desk`);
    await expect.poll(() => rows(page).count(), WAIT).toBe(2);

    const first = rows(page).first();
    expect(await first.textContent()).toContain(callable);
    await first.getByTestId('task-callable').waitFor();
    expect(await rows(page).nth(1).textContent()).toContain(notNow);
    await rows(page).nth(1).getByTestId('task-not-callable').waitFor();
    await screenshot(page, '70-desk-callable-first');

    // Only the callable one, with the filter.
    await page.getByTestId('callable-only').click();
    await expect.poll(() => rows(page).count(), WAIT).toBe(1);
    expect(await rows(page).first().textContent()).toContain(callable);

    await rows(page).first().click();
    const detail = page.getByTestId('task-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('task-call-outcome').count()).toBe(0);
    // The form's defaults: no answer, at the browser's now.
    await page.getByRole('button', { name: 'Report the call' }).click();
    await page.getByText('The call was recorded.').waitFor();
    await expect
      .poll(() => detail.getByTestId('task-call-outcome').allTextContents(), WAIT)
      .toEqual(['No answer']);
    await screenshot(page, '71-desk-outcome-reported');

    // The list shows it too, and the audit chained the agent's report.
    await page.keyboard.press('Escape');
    await expect
      .poll(() => rows(page).first().getByTestId('task-last-outcome').textContent(), WAIT)
      .toBe('No answer');
    await expect
      .poll(
        async () =>
          (
            await ns.mongo.db
              .collection<{ body?: { payload: Record<string, unknown> } }>('audit-records')
              .find({ type: 'operator.action' })
              .toArray()
          ).filter((r) => r.body?.payload['action'] === 'call.report').length,
        { timeout: 30_000 },
      )
      .toBe(1);
    await page.context().close();
  });
});
