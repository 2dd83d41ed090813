/** A console tab signed in with a key, and what its menu shows. */
import type { Browser, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import { screenshot } from './browser.js';

/** A fresh tab (its own sessionStorage) signed in with the key, in English, in Shanghai's zone. */
export async function signIn(browser: Browser, origin: string, key: string): Promise<Page> {
  const context = await browser.newContext({
    locale: 'en-US',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1400, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${origin}/login`);
  await page.getByTestId('api-key').fill(key);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('nav').waitFor();
  keepWhatItShowedOnFailure(page);
  return page;
}

/**
 * A failure in CI leaves only its log: the page's dialogs, alerts and field messages go into it,
 * and a screenshot (`failed-….png`) beside the others, so that a flaky step can be told apart
 * from a broken one afterwards.
 */
let pagesSignedIn = 0;
function keepWhatItShowedOnFailure(page: Page): void {
  // A test may sign in more than one tab: each keeps its own screenshot.
  const tab = ++pagesSignedIn;
  onTestFailed(async ({ task }) => {
    const name = task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
    await screenshot(page, `failed-${name}-${tab}`).catch(() => undefined);
    const shown = await page
      .locator('.ant-modal-content, .ant-alert, .ant-message-notice, .ant-form-item-explain')
      .allInnerTexts()
      .catch((error: unknown) => [`(the page could not be read: ${String(error)})`]);
    console.error(`What the page showed when “${task.name}” failed:\n${shown.join('\n---\n')}`);
  });
}

export async function menuOf(page: Page): Promise<string[]> {
  return (await page.getByTestId('nav').locator('.ant-menu-title-content').allTextContents()).map(
    (text) => text.trim(),
  );
}

/**
 * Picks an option of the antd Select under `testId` by its whole label (`E-mail`, not
 * `E-mail unsubscribe`), in the dropdown that opened: a dropdown just closed stays in the page
 * while it fades, and a partial match could pick from it. `search`: type the label first (a
 * Select with `showSearch` over more options than it draws).
 */
export async function choose(
  page: Page,
  testId: string,
  label: string,
  options: { readonly search?: boolean } = {},
): Promise<void> {
  await page.getByTestId(testId).click();
  // A long list renders only the options in view: typing narrows it to the one wanted.
  if (options.search) await page.keyboard.type(label);
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
    .filter({ hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) })
    .last()
    .click();
}
