/**
 * Headless Chromium through playwright-core, on the system's own chromium (Debian's package,
 * installed by infra/local/ensure-tools.sh): no browser download.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { REPO_ROOT } from './console-server.js';

export const SCREENSHOTS = join(REPO_ROOT, '.cache', 'e2e-screenshots');

export function chromiumPath(): string {
  const found = execFileSync(
    'bash',
    ['-c', 'command -v chromium || command -v chromium-browser || true'],
    {
      encoding: 'utf8',
    },
  ).trim();
  if (!found) throw new Error('chromium is missing: run `bash infra/local/ensure-tools.sh`');
  return found;
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // A container often has no user namespaces and a small /dev/shm.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
