/**
 * The console's Rules page in headless Chromium, against the operator API on the real broker and
 * server: an operator loads the policy in force, moves China's contact hours to start at 11:00
 * instead of 08:00, validates the text and proposes it, and has no way to approve it; an admin
 * (another key, another name) reads its diff and what it changes in the planner's example cases,
 * and approves it: the policy is then in force as approved. The admin's own proposal is refused
 * to the admin (same person). Marketing reads the page without the form; an agent has no Rules
 * page. Screenshots are kept under .cache/e2e-screenshots/.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
// The operator's own test fixture (API + audit over a namespace, a key per role).
import {
  startOperatorService,
  type OperatorUnderTest,
} from '../../services/operator/src/testing/operator-service.fixture.js';
import { launchBrowser, screenshot } from './console/browser.js';
import { consoleOrigin, ensureConsoleBuilt, type ConsoleOrigin } from './console/console-server.js';
import { choose, menuOf, signIn } from './console/session.js';

/**
 * China's contact hours in the shipped policy (as services/operator/src/rule-versions.int.test.ts
 * changes them): the whole block, so that only the CN line's start changes.
 */
const CN_HOURS = `- { days: [mon, tue, wed, thu, fri, sat, sun], start: '08:00', end: '21:00' }
      excludeSundays: false
      excludeHolidays: true
      source: [S43`;
const REASON = 'the bank’s CN call centre opens at 11:00';

function policyWith(inForce: string, version: number, start: string): string {
  if (!inForce.includes(CN_HOURS)) throw new Error('the policy in force no longer has this block');
  return inForce
    .replace(CN_HOURS, CN_HOURS.replace("'08:00'", `'${start}'`))
    .replace(/^version: \d+$/m, `version: ${version}`);
}

describe('the web console’s rule versions', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let origin: ConsoleOrigin;
  let browser: Browser;
  // The operator API's integration test's instant: its example cases' decisions are known there.
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console-rules', eventTypes);
    api = await startOperatorService(ns, clock);
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await origin?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  const inForceRow = (page: Page, ruleId: string) =>
    page.getByTestId('rules-in-force').locator(`tr[data-row-key="${ruleId}"]`);

  /** The policy in force, loaded into the propose form's text. */
  async function loadPolicy(page: Page): Promise<string> {
    await page.goto(`${origin.url}/rules`);
    await expect.poll(() => inForceRow(page, 'policy').count()).toBe(1);
    await choose(page, 'rule-kind', 'Policy');
    await choose(page, 'rule-start', 'policy');
    await expect.poll(() => page.getByTestId('rule-text').inputValue()).toContain('version:');
    return page.getByTestId('rule-text').inputValue();
  }

  it('lets an operator validate and propose China’s hours from 11:00, but not approve them', async () => {
    const page = await signIn(browser, origin.url, api.keys.operator.key);
    expect(await menuOf(page)).toContain('Rules');
    const shipped = await loadPolicy(page);
    expect(await inForceRow(page, 'policy').textContent()).toContain('Shipped');
    const text = page.getByTestId('rule-text');

    // A text a service would refuse: the API's problem says on which line.
    await text.fill('version: 1\nversion: 2\n');
    await page.getByTestId('rule-validate').click();
    await expect
      .poll(() => page.getByTestId('propose-form').getByTestId('problem').textContent())
      .toContain('line 2');
    await screenshot(page, '80-operator-rule-invalid');

    await text.fill(policyWith(shipped, 3, '11:00'));
    await page.getByTestId('rule-validate').click();
    await expect
      .poll(() => page.getByTestId('rule-valid').textContent())
      .toMatch(/Valid: policy, version 3/);
    await page.getByTestId('propose-reason').fill(REASON);
    await page.getByTestId('rule-propose').click();

    // The new proposal is selected: awaiting approval, and nothing here approves it.
    const detail = page.getByTestId('rule-proposal');
    await expect
      .poll(() => detail.getByTestId('proposal-state').textContent())
      .toBe('Awaiting approval');
    expect(await detail.getByTestId('proposal-reason').textContent()).toBe(REASON);
    expect(await page.getByTestId('rule-proposals').textContent()).toContain('operator team');
    expect(await page.getByTestId('approve').count()).toBe(0);
    expect(await page.getByTestId('reject').count()).toBe(0);
    expect(await inForceRow(page, 'policy').textContent()).toContain('Shipped');
    await screenshot(page, '81-operator-rule-proposed');
    await page.context().close();
  });

  it('lets an admin read the diff and the changed example cases, and approve', async () => {
    const page = await signIn(browser, origin.url, api.keys.admin.key);
    // The settings page's table, from the API's own: who may propose, who may approve.
    await page.goto(`${origin.url}/keys`);
    const table = page.getByTestId('permission-table');
    const checks = (permission: string) =>
      table.locator('tr', { hasText: permission }).locator('[aria-label="check"]').count();
    await expect.poll(() => checks('rules:propose')).toBe(2);
    await expect.poll(() => checks('rules:approve')).toBe(1);
    expect(await table.textContent()).toContain('Approve rule versions');

    await page.goto(`${origin.url}/rules`);
    await page
      .getByTestId('rule-proposals')
      .locator('tr', { hasText: 'Awaiting approval' })
      .click();
    const detail = page.getByTestId('rule-proposal');
    await detail.getByTestId('rule-diff').waitFor();
    expect(await detail.getByTestId('based-on-in-force').count()).toBe(1);
    const lines = (change: string) =>
      detail.getByTestId('rule-diff').locator(`[data-change="${change}"]`).allTextContents();
    expect(await lines('added')).toEqual(
      expect.arrayContaining(['+version: 3', expect.stringMatching(/start: '11:00'/)]),
    );
    expect(await lines('removed')).toEqual(
      expect.arrayContaining(['-version: 2', expect.stringMatching(/start: '08:00'/)]),
    );

    // Preview: a friendly SMS allowed at 10:00 in Shanghai waits until 11:00.
    await detail.getByTestId('rule-preview').click();
    const changed = detail
      .getByTestId('rule-changes')
      .locator('tr[data-row-key="friendly-sms-now"]');
    await changed.waitFor();
    const row = (await changed.textContent()) ?? '';
    expect(row).toMatch(/Yes\s*→\s*No/);
    expect(row).toContain('2026-03-04 02:00 UTC');
    expect(row).toContain('2026-03-04 03:00 UTC');
    await screenshot(page, '82-admin-rule-preview');

    await detail.getByTestId('approve').click();
    const dialog = page.getByRole('dialog', { name: /^Approve proposal rp-/ });
    await dialog.waitFor();
    await page.getByTestId('reason').fill('reviewed against the call centre’s hours');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => detail.getByTestId('proposal-state').textContent()).toBe('Approved');
    await expect.poll(() => inForceRow(page, 'policy').textContent()).toContain('Approved');
    const inForce = (await inForceRow(page, 'policy').textContent()) ?? '';
    expect(inForce).toContain('admin team');
    expect(inForce).toContain(api.keys.admin.keyId);
    await screenshot(page, '83-admin-rule-approved');

    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => menuOf(page)).toContain('规则版本');
    await expect.poll(() => inForceRow(page, 'policy').textContent()).toContain('经批准');
    expect(await page.getByText('现行版本').count()).toBeGreaterThan(0);
    await screenshot(page, '84-admin-rules-zh-CN');
    await page.context().close();
  });

  it('shows an admin the API’s refusal when approving the admin’s own proposal', async () => {
    const page = await signIn(browser, origin.url, api.keys.admin.key);
    const approved = await loadPolicy(page);
    expect(approved).toContain("start: '11:00'");
    await page
      .getByTestId('rule-text')
      .fill(
        approved.replace("start: '11:00'", "start: '10:00'").replace(/^version: 3$/m, 'version: 4'),
      );
    await page.getByTestId('propose-reason').fill('try 10:00 instead');
    await page.getByTestId('rule-propose').click();
    const detail = page.getByTestId('rule-proposal');
    await expect
      .poll(() => detail.getByTestId('proposal-state').textContent())
      .toBe('Awaiting approval');
    await detail.getByTestId('approve').click();
    const dialog = page.getByRole('dialog', { name: /^Approve proposal rp-/ });
    await dialog.waitFor();
    await dialog.getByTestId('reason').fill('looks right to me');
    await expect.poll(() => dialog.getByTestId('reason').inputValue()).toBe('looks right to me');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect
      .poll(() => dialog.getByTestId('problem').textContent())
      .toContain('Second Person Needed');
    await screenshot(page, '85-admin-own-proposal-refused');
    await page.context().close();
  });

  it('takes a template’s wording from an operator, and shows the admin it rendered both ways', async () => {
    const page = await signIn(browser, origin.url, api.keys.operator.key);
    await page.goto(`${origin.url}/rules`);
    await expect.poll(() => inForceRow(page, 'policy').count()).toBe(1);
    await choose(page, 'rule-kind', 'Template');
    await choose(page, 'rule-start', 'template:sms/reminder-friendly-sms/en-US', { search: true });
    const text = page.getByTestId('rule-text');
    await expect.poll(() => text.inputValue()).toContain('A friendly reminder:');
    const shipped = await text.inputValue();
    await text.fill(
      shipped
        .replace('A friendly reminder:', 'Just a reminder:')
        .replace(/^version: 1\.1\.0$/m, 'version: 1.2.0'),
    );
    await page.getByTestId('rule-validate').click();
    await expect
      .poll(() => page.getByTestId('rule-valid').textContent())
      .toContain('template:sms/reminder-friendly-sms/en-US');
    await page.getByTestId('propose-reason').fill('plainer wording');
    await page.getByTestId('rule-propose').click();
    const detail = page.getByTestId('rule-proposal');
    await expect
      .poll(() => detail.getByTestId('proposal-state').textContent())
      .toBe('Awaiting approval');
    await page.context().close();

    const admin = await signIn(browser, origin.url, api.keys.admin.key);
    await admin.goto(`${origin.url}/rules`);
    await admin
      .getByTestId('rule-proposals')
      .locator('tr', { hasText: 'reminder-friendly-sms' })
      .click();
    const shown = admin.getByTestId('rule-proposal');
    await shown.getByTestId('rule-preview').click();
    const sample = shown.getByTestId('rule-sample');
    await sample.waitFor();
    const rendered = (await sample.textContent()) ?? '';
    expect(rendered).toContain('A friendly reminder:');
    expect(rendered).toContain('Just a reminder:');
    expect(rendered).toContain('1 SMS segment');
    await screenshot(admin, '87-admin-template-preview');
    await admin.context().close();
  });

  it('shows marketing the page read-only, and an agent no Rules page', async () => {
    const page = await signIn(browser, origin.url, api.keys.marketing.key);
    expect(await menuOf(page)).toContain('Rules');
    await page.goto(`${origin.url}/rules`);
    await expect.poll(() => inForceRow(page, 'policy').textContent()).toContain('Approved');
    await page
      .getByTestId('rule-proposals')
      .locator('tr', { hasText: 'Awaiting approval' })
      .first()
      .click();
    await page.getByTestId('rule-diff').waitFor();
    expect(await page.getByTestId('propose-form').count()).toBe(0);
    expect(await page.getByTestId('approve').count()).toBe(0);
    await screenshot(page, '86-marketing-rules');
    await page.context().close();

    const agent = await signIn(browser, origin.url, api.keys.agent.key);
    expect(await menuOf(agent)).not.toContain('Rules');
    await agent.goto(`${origin.url}/rules`);
    await expect.poll(() => new URL(agent.url()).pathname).toBe('/desk');
    await agent.context().close();
  });
});
