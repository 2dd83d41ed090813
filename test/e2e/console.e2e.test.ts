/**
 * The web console in headless Chromium, against the operator API on the real broker and server:
 * a key of each role signs in, sees only its pages, and walks its team's main page (dashboard,
 * account timeline, agent desk, campaigns with a preview, audit with a verification, keys);
 * the language switches to Chinese once; a logout forgets the key. Screenshots are kept under
 * .cache/e2e-screenshots/ for a reviewer to look at.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { eventTypes, OPERATIONS_ACCOUNT, type OperatorRole } from '@kindly/contracts';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
// The operator's own test fixture (API + audit over a namespace, a key per role).
import {
  startOperatorService,
  type OperatorUnderTest,
} from '../../services/operator/src/testing/operator-service.fixture.js';
// The tracker's store of customers' replies, as the tracker writes it.
import { createReplyTaskStore } from '../../services/tracker/src/data-access/reply-tasks.repository.js';
import { launchBrowser, screenshot } from './console/browser.js';
import {
  consoleOrigin,
  ensureConsoleBuilt,
  REPO_ROOT,
  type ConsoleOrigin,
} from './console/console-server.js';

const CAMPAIGN = readFileSync(
  join(REPO_ROOT, 'services/campaigns/campaigns/instalment-plan-2027-spring.yaml'),
  'utf8',
);

/** The menu each role should see, in English. */
const MENU: Record<OperatorRole, readonly string[]> = {
  agent: ['Agent desk'],
  operator: ['Dashboard', 'Account timeline', 'Dead letters', 'Campaigns', 'Rules'],
  marketing: ['Dashboard', 'Campaigns', 'Rules'],
  auditor: ['Dashboard', 'Account timeline', 'Campaigns', 'Rules', 'Audit'],
  admin: [
    'Dashboard',
    'Account timeline',
    'Dead letters',
    'Campaigns',
    'Rules',
    'Audit',
    'Settings & keys',
  ],
};

/** Page loads and API round trips on a loaded machine: more than expect.poll's default second. */
const WAIT = { timeout: 15_000 };

describe('the web console', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let origin: ConsoleOrigin;
  let browser: Browser;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console', eventTypes);
    api = await startOperatorService(ns, clock);
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
    // An action in the operations chain for the operator's timeline, made here so that test does
    // not depend on the admin test's key creation.
    const created = await fetch(`${api.operator.url}/v1/keys`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.keys.admin.key}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        label: 'E2E timeline key',
        role: 'agent',
        reason: 'an action for the timeline',
      }),
    });
    expect(created.status).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await origin?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  /** A fresh tab (its own sessionStorage) signed in with the role's key, in English. */
  async function signIn(role: OperatorRole): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-US',
      timezoneId: 'Asia/Shanghai',
      viewport: { width: 1400, height: 900 },
    });
    const page = await context.newPage();
    await page.goto(`${origin.url}/login`);
    await page.getByTestId('api-key').fill(api.keys[role].key);
    await page.getByTestId('sign-in').click();
    await page.getByTestId('nav').waitFor();
    return page;
  }

  async function menuOf(page: Page): Promise<string[]> {
    return (await page.getByTestId('nav').locator('.ant-menu-title-content').allTextContents()).map(
      (text) => text.trim(),
    );
  }

  it('refuses a wrong key on the login page with the API’s problem', async () => {
    const page = await browser.newPage({ locale: 'en-US' });
    await page.goto(`${origin.url}/`);
    await page.getByTestId('api-key').fill('not-a-key');
    await page.getByTestId('sign-in').click();
    await expect
      .poll(() => page.getByTestId('problem').textContent(), WAIT)
      .toContain('did not accept');
    await screenshot(page, '00-login-refused');
    await page.close();
  });

  it('shows an admin every page but the desk; creates a key shown once; switches to Chinese', async () => {
    const page = await signIn('admin');
    expect(await menuOf(page)).toEqual(MENU.admin);
    await page.goto(`${origin.url}/desk`);
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/dashboard');

    await page.goto(`${origin.url}/keys`);
    await page.getByTestId('permission-table').waitFor();
    // The API's own table (from /v1/me): the desk is the agents' alone, the keys the admins'.
    const table = page.getByTestId('permission-table');
    const checks = (permission: string) =>
      table.locator('tr', { hasText: permission }).locator('[aria-label="check"]').count();
    await expect.poll(() => checks('desk:work'), WAIT).toBe(1);
    await expect.poll(() => checks('dashboard:read'), WAIT).toBe(4);
    await page.getByTestId('key-label').fill('E2E review desk');
    await page.getByTestId('key-reason').fill('the console end-to-end test');
    await page.getByTestId('create-key-submit').click();
    const shown = (await page.getByTestId('new-key-value').textContent()) ?? '';
    expect(shown.length).toBeGreaterThan(20);
    await screenshot(page, '10-admin-key-created');
    await page
      .getByRole('dialog', { name: 'The new key' })
      .getByRole('button', { name: 'OK' })
      .click();
    await page.getByRole('dialog', { name: 'The new key' }).waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('keys').textContent(), WAIT)
      .toContain('E2E review desk');
    // The secret is not on the page any more once the dialog is closed.
    expect(await page.content()).not.toContain(shown);
    await screenshot(page, '11-admin-keys');

    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => menuOf(page), WAIT).toContain('设置与密钥');
    expect(await page.getByText('各角色可见的页面').count()).toBeGreaterThan(0);
    await screenshot(page, '12-admin-keys-zh-CN');

    await page.getByTestId('logout').click();
    await page.getByTestId('api-key').waitFor();
    // Runs in the page: the browser's sessionStorage, which the test's own types do not know.
    expect(await page.evaluate('window.sessionStorage.length')).toBe(0);
    await page.context().close();
  });

  it('shows an operator the dashboard, the campaigns and an account’s timeline', async () => {
    const page = await signIn('operator');
    expect(await menuOf(page)).toEqual(MENU.operator);
    await page.goto(`${origin.url}/dashboard`);
    await page
      .locator('[data-testid="dashboard"], [data-testid="dashboard-missing"]')
      .first()
      .waitFor();
    await page.waitForTimeout(500); // charts animate in
    await screenshot(page, '20-operator-dashboard');

    await page.goto(`${origin.url}/accounts`);
    // The key made in beforeAll is recorded in the audit's operations chain (asynchronously).
    await page.getByTestId('tenant-id').fill(OPERATIONS_ACCOUNT);
    await page.getByTestId('account-id').fill(OPERATIONS_ACCOUNT);
    await expect
      .poll(
        async () => {
          await page.getByTestId('show-timeline').click();
          await page.getByTestId('timeline').waitFor();
          return page.getByTestId('timeline-entry').count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('timeline').textContent()).toContain('operator.action');
    await screenshot(page, '21-operator-timeline');
    await page.goto(`${origin.url}/keys`);
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/dashboard');
    await page.context().close();
  });

  it('lets marketing validate and preview a campaign', async () => {
    const page = await signIn('marketing');
    expect(await menuOf(page)).toEqual(MENU.marketing);
    await page.goto(`${origin.url}/campaigns`);
    await page.getByTestId('campaign-source').fill(CAMPAIGN);
    await page.getByTestId('validate').click();
    await expect.poll(() => page.getByTestId('valid').textContent(), WAIT).toContain('Valid');
    await page.getByTestId('preview').click();
    await page.getByTestId('preview-result').waitFor();
    await screenshot(page, '30-marketing-campaign-preview');

    await page.getByTestId('campaign-source').fill('id: [broken');
    await page.getByTestId('validate').click();
    await page.getByTestId('problem').waitFor();
    await screenshot(page, '31-marketing-campaign-invalid');
    await page.context().close();
  });

  it('lets an auditor verify the audit record and read the violations', async () => {
    const page = await signIn('auditor');
    expect(await menuOf(page)).toEqual(MENU.auditor);
    await page.goto(`${origin.url}/audit`);
    await page.getByTestId('verify').click();
    await page.getByTestId('verdict').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('verdict').textContent()).toMatch(/Records/);
    await page.getByTestId('violations').waitFor();
    await screenshot(page, '40-auditor-audit');
    await page.context().close();
  });

  it('shows an agent only the desk, with a customer’s reply to read and close', async () => {
    await createReplyTaskStore(ns.mongo.db).create({
      taskId: 'reply-e2e-1',
      tenantId: 'bank-1',
      accountIds: ['acct-e2e-reply'],
      category: 'asks-for-call',
      text: 'call me after 6',
      locale: 'en-US',
      inboundId: 'SM00000000000000000000000000000e2e',
      maskedFrom: '•••0142',
      receivedAt: '2026-03-04T11:00:00Z',
      status: 'open',
    });
    const page = await signIn('agent');
    expect(await menuOf(page)).toEqual(MENU.agent);
    expect(new URL(page.url()).pathname).toBe('/desk');
    await page.getByTestId('desk-tasks').waitFor();
    const replies = page.getByTestId('desk-replies');
    await expect.poll(() => replies.textContent(), WAIT).toContain('call me after 6');
    expect(await replies.textContent()).toContain('Asks for a call');
    await screenshot(page, '50-agent-desk');
    await page.getByTestId('close-reply-reply-e2e-1').click();
    await expect.poll(() => replies.textContent(), WAIT).not.toContain('call me after 6');
    await page.goto(`${origin.url}/campaigns`);
    await expect.poll(() => new URL(page.url()).pathname, WAIT).toBe('/desk');
    await page.context().close();
  });
});
