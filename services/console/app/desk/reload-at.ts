/**
 * A desk list says "callable until" an instant: past it the answer is stale. This fetches the
 * list again just after the earliest such instant still ahead (on the browser's clock), so a
 * tag does not stay green until someone presses refresh. The server's answer decides, not the
 * browser's clock (which may differ from the server's): an instant already past here is left.
 */
import { useEffect } from 'react';

/** setTimeout's longest delay (about 24.8 days): a later instant is waited for in steps. */
const LONGEST_DELAY_MS = 2 ** 31 - 1;
/** After the instant, so the server's clock has passed it too. */
const AFTER_MS = 1_000;

export function useReloadAt(instants: readonly (string | undefined)[], reload: () => void): void {
  const now = Date.now();
  const ahead = instants
    .map((text) => (text === undefined ? Number.NaN : Date.parse(text)))
    .filter((at) => Number.isFinite(at) && at > now);
  const next = ahead.length === 0 ? undefined : Math.min(...ahead);
  useEffect(() => {
    if (next === undefined) return undefined;
    const delay = Math.min(LONGEST_DELAY_MS, next - Date.now() + AFTER_MS);
    const timer = setTimeout(reload, Math.max(0, delay));
    return () => clearTimeout(timer);
  }, [next, reload]);
}
