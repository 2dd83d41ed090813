import { DateTime } from 'luxon';
import type { CallWindow, SuggestedOffer } from '@kindly/contracts';
import type { AccountState, ContactHistoryEntry, Policy } from '@kindly/rules';
import { callAllowedAt } from './call-allowed.js';
import type { AgentTask, CallRecord } from './agent-task.js';
import { callsLeft, callWindows } from './call-policy.js';
import { callableNow, windowAt } from './callable-now.js';
import { contactHistory } from './contact-history.js';
import type { EscalationDeps } from './escalation-deps.js';

/**
 * A task as an agent sees it: who (the account id and masked numbers only), when (the windows
 * still ahead, in UTC with the customer's zone), how many calls are left now, the facts and the
 * offer. No name, address or full number: the dialer has those, the screen does not need them.
 */
export interface TaskView {
  readonly taskId: string;
  readonly accountId: string;
  readonly status: AgentTask['status'];
  readonly closedReason?: string;
  readonly maskedPhone?: string;
  readonly maskedAccount?: string;
  readonly windows: readonly CallWindow[];
  readonly callAttemptsLeft: number;
  /**
   * May be called now: a call reported at `now` would be recorded (the report's rule: open, a
   * call left, inside one of its windows and the policy's in every zone of the current contact).
   */
  readonly callable: boolean;
  /** When callable: the end of the window it is in (UTC). */
  readonly callableUntil?: string;
  readonly callsMade: number;
  /** The calls reported on the task, oldest first: when, which attempt, what came of it. */
  readonly calls: readonly CallRecord[];
  readonly facts: AgentTask['payload']['facts'];
  readonly suggestedOffer?: SuggestedOffer;
  readonly createdAt: string;
}

/** The view of a task at `now`, with the calls left counted from the latest history. */
export async function viewTask(
  deps: EscalationDeps,
  task: AgentTask,
  now: DateTime,
): Promise<TaskView> {
  const current =
    task.status === 'open' && task.calls.length < task.maxCallAttempts
      ? await Promise.all([
          deps.accounts.load(task.tenantId, task.accountId),
          deps.messages.ofAccount(task.tenantId, task.accountId),
          deps.tasks.ofAccount(task.tenantId, task.accountId),
        ]).then(([{ state }, messages, tasks]) => ({
          state,
          history: contactHistory(messages, tasks),
        }))
      : undefined;
  return taskViewAt(deps.rules.policy, task, current, now);
}

/** What the view reads besides the task: the account's current copy and its contact history. */
export interface CurrentFacts {
  readonly state: AccountState;
  readonly history: readonly ContactHistoryEntry[];
}

/**
 * The view of a task at `now` from the facts as they stand (pure). Callable means the desk would
 * record a call reported at `now` (`callAllowedAt`, the report's own rule) and the caps leave one.
 */
export function taskViewAt(
  policy: Policy,
  task: AgentTask,
  current: CurrentFacts | undefined,
  now: DateTime,
): TaskView {
  const windows = task.payload.windows.filter((w) => Date.parse(w.end) > now.toMillis());
  const most = Math.max(0, task.maxCallAttempts - task.calls.length);
  let left = 0;
  let allowed = false;
  if (task.status === 'open' && most > 0 && current !== undefined) {
    const contact = current.state.contact?.value;
    const first = windows[0];
    const opens = first === undefined ? now : DateTime.fromISO(first.start, { zone: 'utc' });
    left =
      contact === undefined
        ? Math.min(most, task.payload.callAttemptsLeft)
        : callsLeft(
            { policy, contact, purpose: task.purpose, history: current.history },
            opens > now ? opens : now,
            most,
          );
    allowed = callAllowedAt({ policy, task, ...current }, now).allowed;
  }
  const callable =
    allowed && callableNow({ status: task.status, windows, callAttemptsLeft: left }, now);
  const stored = callable ? windowAt(windows, now)?.end : undefined;
  const until =
    stored === undefined || current === undefined
      ? stored
      : currentWindowEnd(policy, task, current, now, stored);
  return {
    taskId: task.taskId,
    accountId: task.accountId,
    status: task.status,
    ...(task.closedReason === undefined ? {} : { closedReason: task.closedReason }),
    ...(task.maskedPhone === undefined ? {} : { maskedPhone: task.maskedPhone }),
    ...(task.maskedAccount === undefined ? {} : { maskedAccount: task.maskedAccount }),
    windows,
    callAttemptsLeft: left,
    callable,
    ...(until === undefined ? {} : { callableUntil: until }),
    callsMade: task.calls.length,
    calls: task.calls.map(({ callId, at, outcome, attempt }) => ({
      callId,
      at,
      outcome,
      attempt,
    })),
    facts: task.payload.facts,
    ...(task.payload.suggestedOffer === undefined
      ? {}
      : { suggestedOffer: task.payload.suggestedOffer }),
    createdAt: task.createdAt,
  };
}

/**
 * When the window `now` is in closes by the current contact: the stored window's end, or earlier
 * where a zone the customer may be in now closes first (a contact.updated since the task was made).
 */
function currentWindowEnd(
  policy: Policy,
  task: AgentTask,
  current: CurrentFacts,
  now: DateTime,
  storedEnd: string,
): string {
  const contact = current.state.contact?.value;
  if (contact === undefined) return storedEnd;
  const [first] = callWindows(
    { policy, contact, purpose: task.purpose, history: current.history },
    now,
    DateTime.fromISO(storedEnd, { zone: 'utc' }),
  );
  return first !== undefined && Date.parse(first.start) <= now.toMillis() ? first.end : storedEnd;
}
