/**
 * A kept message's content in headless Chromium, against the operator API on the real broker and
 * server: the audit keeps a rendered SMS sealed; an auditor opens it from the account's timeline,
 * says why, and reads the text as sent, while an operator sees no such button. Screenshots are
 * kept under .cache/e2e-screenshots/.
 */
import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '@kindly/clock';
import { deterministicId, eventTypes, OutreachRenderedV1, sampleEvents } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import type { Producer } from '@kindly/kafka';
import { provisionTestNamespace, type ProvisionedNamespace } from '@kindly/testing';
// The operator's own test fixture (API + audit over a namespace, a key per role).
import {
  startOperatorService,
  type OperatorUnderTest,
} from '../../services/operator/src/testing/operator-service.fixture.js';
import { launchBrowser, screenshot } from './console/browser.js';
import { consoleOrigin, ensureConsoleBuilt, type ConsoleOrigin } from './console/console-server.js';
import { signIn } from './console/session.js';

const TENANT = 'bank-e2e';
const ACCOUNT = 'ACC-E2E-CONTENT';
const TEXT =
  'A friendly reminder: 120.50 is overdue on your card ending 4321. Reply STOP to opt out.';

describe('the web console’s sealed message content', () => {
  let ns: ProvisionedNamespace;
  let api: OperatorUnderTest;
  let origin: ConsoleOrigin;
  let browser: Browser;
  let producer: Producer;
  const clock = new ManualClock(DateTime.fromISO('2026-03-04T12:00:00Z', { zone: 'utc' }));
  const sample = sampleEvents['outreach.rendered'];
  const messageId = deterministicId('message', ACCOUNT, 'cycle-1', '1', 'sms');
  const sms = OutreachRenderedV1.parse({
    ...sample,
    eventId: deterministicId('rendered', messageId),
    tenantId: TENANT,
    occurredAt: '2026-03-04T10:00:00Z',
    payload: {
      ...sample.payload,
      accountId: ACCOUNT,
      messageId,
      content: { body: TEXT, encoding: 'GSM-7', segments: 1, units: TEXT.length },
    },
  });

  beforeAll(async () => {
    ensureConsoleBuilt();
    ns = await provisionTestNamespace('console-content', eventTypes);
    api = await startOperatorService(ns, clock);
    origin = await consoleOrigin(api.operator.url);
    browser = await launchBrowser();
    producer = createProducer(
      createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'console-content-e2e' }),
    );
    await producer.connect();
    await createEventPublisher(producer, bindTopics(['outreach.rendered'], ns.prefix)).publish(
      'outreach.rendered',
      [sms],
    );
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await browser?.close();
    await origin?.stop();
    await api?.stop();
    await ns?.cleanup();
  });

  async function showAccount(page: Page): Promise<void> {
    await page.goto(`${origin.url}/accounts`);
    await page.getByTestId('tenant-id').fill(TENANT);
    await page.getByTestId('account-id').fill(ACCOUNT);
    // The audit keeps the message a moment after it is published: show until it is there.
    await expect
      .poll(
        async () => {
          await page.getByTestId('show-timeline').click();
          await page.getByTestId('timeline').waitFor();
          return page.getByTestId('timeline-entry').count();
        },
        { timeout: 30_000, interval: 1_000 },
      )
      .toBe(1);
  }

  it('lets an auditor open the SMS as sent, after saying why; an operator sees no button', async () => {
    const operator = await signIn(browser, origin.url, api.keys.operator.key);
    await showAccount(operator);
    expect(await operator.getByTestId('open-content').count()).toBe(0);
    await operator.context().close();

    const page = await signIn(browser, origin.url, api.keys.auditor.key);
    await showAccount(page);
    expect(await page.getByTestId('timeline').textContent()).not.toContain('card ending 4321');
    await page.getByTestId('open-content').click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByTestId('reason').fill('complaint CASE-2026-0107 about this text');
    await expect
      .poll(() => dialog.getByTestId('reason').inputValue())
      .toBe('complaint CASE-2026-0107 about this text');
    await dialog.getByRole('button', { name: 'Submit' }).click();
    const shown = page.getByTestId('message-content');
    await shown.waitFor();
    expect(await shown.getByTestId('content-text').textContent()).toBe(TEXT);
    await screenshot(page, '72-auditor-message-content');
    await page.context().close();

    // The viewing is in the account's chain with its reason.
    await expect
      .poll(
        async () =>
          (
            await ns.mongo.db
              .collection<{ body?: { payload: Record<string, unknown> } }>('audit-records')
              .find({ type: 'operator.action', accountId: ACCOUNT })
              .toArray()
          ).map((r) => [r.body?.payload['action'], r.body?.payload['reason']]),
        { timeout: 30_000 },
      )
      .toEqual([['message.view', 'complaint CASE-2026-0107 about this text']]);
  });
});
