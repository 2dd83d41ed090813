/**
 * Which tasks an agent may call now: open, with calls left, and `now` inside one of the windows
 * the task lists (each an interval of instants, worked out in the customer's own zone when the
 * task was made, so a half-hour zone or a clock change is already in its ends). Pure, with `now`
 * passed in: the desk asks it for every task it shows.
 */
import type { CallWindow } from '@kindly/contracts';
import type { DateTime } from 'luxon';

/** The window `now` is in (start included, end excluded), if any. */
export function windowAt(windows: readonly CallWindow[], now: DateTime): CallWindow | undefined {
  const at = now.toMillis();
  return windows.find((w) => Date.parse(w.start) <= at && at < Date.parse(w.end));
}

export interface CallableFacts {
  readonly status: 'open' | 'closed';
  readonly windows: readonly CallWindow[];
  /** The calls the policy and the task still allow, counted at `now` (or the next window). */
  readonly callAttemptsLeft: number;
}

/** May the task be called at `now`: open, a call left, inside a window. */
export function callableNow(task: CallableFacts, now: DateTime): boolean {
  return (
    task.status === 'open' && task.callAttemptsLeft > 0 && windowAt(task.windows, now) !== undefined
  );
}

/** The callable tasks first, each group in the order it came (the oldest first). */
export function callableFirst<T extends { readonly callable: boolean }>(tasks: readonly T[]): T[] {
  return [...tasks.filter((t) => t.callable), ...tasks.filter((t) => !t.callable)];
}
