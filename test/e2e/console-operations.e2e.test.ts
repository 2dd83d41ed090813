/**
 * The console's operations pages in headless Chromium, against the operator API on the real
 * broker and server: an operator sets a flag that stops contact and records a withdrawn consent on
 * an account, and sees the audit's entries appear in its timeline; a record the audit cannot read
 * is dead-lettered, listed on the Dead letters page, replayed with a reason and shown replayed.
 * Screenshots are kept under .cache/e2e-screenshots/.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
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
import { launchBrowser, screenshot } from './console/browser.js';
import { consoleOrigin, ensureConsoleBuilt, type ConsoleOrigin } from './console/console-server.js';
import { choose, menuOf, signIn } from './console/session.js';

const TENANT = 'bank-e2e';
const ACCOUNT = 'ACC-E2E-7';

describe('the web console’s operations pages', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let origin: ConsoleOrigin;
  let browser: Browser;
  let producer: Producer;
  // The API's clock at the browser's now: the consent form dates a consent now, and the API
  // refuses one dated after its own clock.
  const clock = new ManualClock(DateTime.utc());

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console-ops', eventTypes);
    api = await startOperatorService(ns, clock);
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
    producer = createProducer(
      createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'console-ops-e2e' }),
    );
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await browser?.close();
    await origin?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  const operator = () => signIn(browser, origin.url, api.keys.operator.key);
  const timelineText = async (page: Page) =>
    (await page.getByTestId('timeline').textContent()) ?? '';
  const entryTypes = async (page: Page) =>
    page.getByTestId('timeline-entry').locator('strong').allTextContents();

  async function showAccount(page: Page): Promise<void> {
    await page.goto(`${origin.url}/accounts`);
    await page.getByTestId('tenant-id').fill(TENANT);
    await page.getByTestId('account-id').fill(ACCOUNT);
    await page.getByTestId('show-timeline').click();
    await page.getByTestId('timeline').waitFor();
  }

  it('lets an operator set cease-communication on an account and see it in the timeline', async () => {
    const page = await operator();
    await showAccount(page);
    expect(await page.getByTestId('timeline-entry').count()).toBe(0);

    await page.getByTestId('action-flags').click();
    const dialog = page.getByRole('dialog', { name: `Flags of ${TENANT} / ${ACCOUNT}` });
    await dialog.waitFor();
    // Nothing set or cleared: the form says so before asking the API.
    await page.getByTestId('action-reason').fill('the customer asked in writing that we stop');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Set or clear at least one flag');

    await choose(page, 'flags-set', 'Cease communication');
    await page.getByTestId('flags-reference').fill('CASE-E2E-0042');
    await screenshot(page, '60-operator-flags-form');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The page looks again until the audit has chained the action and the status it became.
    await expect
      .poll(() => entryTypes(page), { timeout: 30_000, interval: 500 })
      .toEqual(expect.arrayContaining(['operator.action', 'account.status']));
    expect(await timelineText(page)).toContain('cease-communication');
    await screenshot(page, '61-operator-flag-in-timeline');
    await page.context().close();
  });

  it('lets an operator record a withdrawn consent, and shows a refusal’s fields', async () => {
    const page = await operator();
    await showAccount(page);
    const before = await page.getByTestId('timeline-entry').count();

    await page.getByTestId('action-consent').click();
    const dialog = page.getByRole('dialog', { name: `A consent of ${TENANT} / ${ACCOUNT}` });
    await dialog.waitFor();
    await choose(page, 'consent-purpose', 'Marketing');
    await choose(page, 'consent-status', 'Withdrawn');
    await choose(page, 'consent-basis', 'Customer request');
    await choose(page, 'consent-source', 'Phone call');
    await page.getByTestId('action-reason').fill('the customer said on the phone: no more offers');
    // An e-mail address the form takes but the API does not (over 64 characters before the @):
    // the API's 400 names the field, shown in the dialog.
    await choose(page, 'consent-channel', 'E-mail');
    await page.getByTestId('consent-address').fill(`${'a'.repeat(70)}@example.com`);
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.getByTestId('problem').waitFor();
    expect(await dialog.getByTestId('problem').textContent()).toContain('address');
    await screenshot(page, '62-operator-consent-refused');

    await choose(page, 'consent-channel', 'SMS');
    await page.getByTestId('consent-address').fill('+8613800138000');
    await screenshot(page, '63-operator-consent-form');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => entryTypes(page), { timeout: 30_000, interval: 500 })
      .toContain('contact.consent');
    expect(await page.getByTestId('timeline-entry').count()).toBeGreaterThan(before);
    // The audit keeps the number as a keyed hash: the timeline never shows it.
    expect(await timelineText(page)).not.toContain('13800138000');
    await screenshot(page, '64-operator-consent-in-timeline');

    // A note: one more operator.action in the account's chain.
    await page.getByTestId('action-note').click();
    const note = page.getByRole('dialog', { name: `A note on ${TENANT} / ${ACCOUNT}` });
    await note.waitFor();
    await page.getByTestId('note-text').fill('called back; the customer will write to us');
    await note.getByRole('button', { name: 'Submit' }).click();
    await note.waitFor({ state: 'hidden' });
    await expect
      .poll(async () => (await entryTypes(page)).filter((t) => t === 'operator.action').length, {
        timeout: 30_000,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(3);
    await page.context().close();
  });

  it('lists a dead letter, replays it with a reason and shows it replayed', async () => {
    // Not JSON: the audit (which reads every topic of the run) dead-letters it within seconds.
    await producer.send({
      topic: `${ns.prefix}account.overdue.v1`,
      messages: [{ key: 'ACC-E2E-9', value: '{"payload": "x"' }],
    });
    const page = await operator();
    expect(await menuOf(page)).toContain('Dead letters');
    await page.goto(`${origin.url}/dead-letters`);
    await expect
      .poll(
        async () => {
          await page.getByTestId('dead-letters-refresh').click();
          await page.waitForTimeout(300);
          return page.getByTestId('dead-letters').locator('[data-testid="replay-one"]').count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    const summary = (await page.getByTestId('dead-letter-summary').textContent()) ?? '';
    expect(summary).toContain('account.overdue.v1');
    expect(summary).toContain('MALFORMED_JSON');
    // Never the content.
    expect(await page.getByTestId('dead-letters').textContent()).not.toContain('payload');
    await screenshot(page, '70-operator-dead-letters');

    await page.getByTestId('replay-one').click();
    const dialog = page.getByRole('dialog', { name: 'Replay a dead letter of account.overdue.v1' });
    await dialog.waitFor();
    await page.getByTestId('reason').fill('the bank fixed its exporter');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('replay-outcome').textContent())
      .toContain('1 dead letter replayed');
    await expect
      .poll(() => page.getByTestId('letter-replayed').count(), { timeout: 10_000 })
      .toBe(1);
    expect(await page.getByTestId('letter-replayed').textContent()).toContain(
      api.keys.operator.keyId,
    );
    // Replayed as it was (still not JSON), it comes back as a new letter, waiting.
    await expect
      .poll(
        async () => {
          await page.getByTestId('dead-letters-refresh').click();
          await page.waitForTimeout(300);
          return page.getByTestId('letter-waiting').count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await screenshot(page, '71-operator-dead-letter-replayed');

    // The whole topic-and-reason group: the one waiting letter is replayed.
    await page.getByTestId('replay-group').click();
    const group = page.getByRole('dialog', {
      name: 'Replay every waiting letter of account.overdue.v1 / MALFORMED_JSON',
    });
    await group.waitFor();
    await page.getByTestId('reason').fill('the exporter fix is deployed everywhere');
    await group.getByRole('button', { name: 'Submit' }).click();
    await group.waitFor({ state: 'hidden' });
    await expect
      .poll(() => page.getByTestId('replay-outcome').textContent())
      .toContain('1 dead letter replayed');
    await expect
      .poll(() => page.getByTestId('letter-replayed').count(), { timeout: 10_000 })
      .toBe(2);

    await page.getByTestId('language-switch').getByText('中文').click();
    await expect.poll(() => menuOf(page)).toContain('死信');
    await expect.poll(() => page.getByTestId('dead-letters').textContent()).toContain('已重放');
    await screenshot(page, '72-operator-dead-letters-zh-CN');
    await page.context().close();
  });
});
