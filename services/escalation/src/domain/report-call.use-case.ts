import { DateTime } from 'luxon';
import { AppError } from '@kindly/errors';
import { deterministicId } from '@kindly/contracts';
import type { AgentTask, CallOutcome, CallRecord } from './agent-task.js';
import { callAllowedAt, type CallRefusal } from './call-allowed.js';
import { callEvents, callStatusOf, type CallReport } from './call-events.js';
import { contactHistory } from './contact-history.js';
import type { EscalationDeps } from './escalation-deps.js';
import { recordOutcome } from './record-outcome.use-case.js';
import { utcText } from './utc-text.js';

export type { CallRefusal };

export type ReportResult =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'invalid'; readonly field: string; readonly message: string }
  | { readonly kind: 'refused'; readonly reason: CallRefusal; readonly detail: string }
  | { readonly kind: 'recorded'; readonly task: AgentTask; readonly call: CallRecord };

/** How far ahead of the desk's clock a reported call may be: clocks differ a little. */
const CLOCK_SKEW_MS = 60_000;

const closingOutcomes: Partial<Record<CallOutcome, string>> = {
  'promise-to-pay': 'PROMISE_TO_PAY',
  dispute: 'DISPUTE',
  'wrong-number': 'WRONG_NUMBER',
};

/**
 * An agent reports a call. It is refused when the call broke the policy or the task: a closed
 * task, a time outside the task's windows or the policy's (in every zone the customer may be
 * in), a cap (Reg F's 7 in 7, the quiet week after a conversation, the stage's attempts), or a
 * bar on calls (a dispute, a cease request, a promise pending). Otherwise it is kept on the task,
 * becomes events, and counts as the call message's outcome (a wrong number escalates at once).
 * The same report twice is one call.
 */
export async function reportCall(
  deps: EscalationDeps,
  taskId: string,
  report: CallReport,
  now: DateTime,
): Promise<ReportResult> {
  const task = await deps.tasks.get(taskId);
  if (task === undefined) return { kind: 'not-found' };
  const at = DateTime.fromISO(report.at, { zone: 'utc' });
  const atText = utcText(at);
  const callId = deterministicId('agent-call', taskId, atText);
  const earlier = task.calls.find((c) => c.callId === callId);
  if (earlier !== undefined) {
    if (earlier.outcome !== report.outcome) {
      return refused('ALREADY_REPORTED', 'another outcome was reported for a call at this time');
    }
    await publish(deps, task, earlier, report, now);
    return { kind: 'recorded', task, call: earlier };
  }
  // Asked again by `callAllowedAt`; here first so that a closed task says so before `at` is judged.
  if (task.status !== 'open')
    return refused('TASK_CLOSED', `the task is closed (${task.closedReason ?? 'closed'})`);
  if (at.toMillis() > now.toMillis() + CLOCK_SKEW_MS) {
    return { kind: 'invalid', field: 'at', message: 'a call cannot be reported before it happens' };
  }
  const [{ state }, messages, tasks] = await Promise.all([
    deps.accounts.load(task.tenantId, task.accountId),
    deps.messages.ofAccount(task.tenantId, task.accountId),
    deps.tasks.ofAccount(task.tenantId, task.accountId),
  ]);
  const allowance = callAllowedAt(
    { policy: deps.rules.policy, task, state, history: contactHistory(messages, tasks) },
    at,
  );
  if (!allowance.allowed) {
    if (allowance.reason === 'FACTS_MISSING') {
      throw new AppError('ACCOUNT_FACTS_MISSING', allowance.detail, { retryable: true });
    }
    return refused(allowance.reason, allowance.detail);
  }
  if (report.outcome === 'promise-to-pay') {
    const problem = checkPromise(
      report,
      state.overdue?.value.overdueAmount.currency,
      at,
      allowance.contact.timeZone,
    );
    if (problem !== undefined) return problem;
  }
  const call: CallRecord = {
    callId,
    at: atText,
    outcome: report.outcome,
    attempt: task.calls.length + 1,
  };
  const close =
    closingOutcomes[report.outcome] ??
    (call.attempt >= task.maxCallAttempts ? 'ATTEMPTS_USED' : undefined);
  const added = await deps.tasks.addCall(taskId, call, task.calls.length, close);
  if (added.kind === 'conflict') {
    return refused('CONFLICT', 'another call was reported on this task at the same moment; reload');
  }
  await publish(deps, added.task, call, report, now);
  return { kind: 'recorded', task: added.task, call };
}

async function publish(
  deps: EscalationDeps,
  task: AgentTask,
  call: CallRecord,
  report: CallReport,
  now: DateTime,
) {
  await deps.outbox.publishOnce(callEvents(task, call, report));
  await recordOutcome(
    deps,
    {
      tenantId: task.tenantId,
      accountId: task.accountId,
      messageId: task.messageId,
      channel: 'agent-call',
      ...callStatusOf(call.outcome),
      at: call.at,
    },
    now,
  );
}

function refused(reason: CallRefusal, detail: string): ReportResult {
  return { kind: 'refused', reason, detail };
}

function checkPromise(
  report: Extract<CallReport, { outcome: 'promise-to-pay' }>,
  currency: string | undefined,
  at: DateTime,
  zone: string,
): ReportResult | undefined {
  if (currency !== undefined && report.amount.currency !== currency) {
    return { kind: 'invalid', field: 'amount.currency', message: `the account is in ${currency}` };
  }
  const today = at.setZone(zone).toISODate() ?? '';
  if (report.promisedDate < today) {
    return {
      kind: 'invalid',
      field: 'promisedDate',
      message: 'a promise cannot be for a past date',
    };
  }
  return undefined;
}
