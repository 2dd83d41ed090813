import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Polls `condition` until it holds. Tests of asynchronous delivery (callbacks, SMTP) wait on what
 * the stand-ins recorded instead of sleeping a fixed time.
 */
export async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  options: {
    readonly timeoutMs?: number;
    readonly intervalMs?: number;
    readonly what?: string;
  } = {},
): Promise<void> {
  const { timeoutMs = 10_000, intervalMs = 10, what = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
