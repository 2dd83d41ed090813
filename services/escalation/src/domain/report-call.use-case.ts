import { DateTime } from 'luxon';
import { AppError } from '@kindly/errors';
import { deterministicId } from '@kindly/contracts';
import {
  addressFor,
  checkEligibility,
  jurisdictionPolicy,
  policyAccountOf,
  policyContactOf,
} from '@kindly/rules';
import type { AgentTask, CallOutcome, CallRecord } from './agent-task.js';
import { phoneToCall } from './agent-task.js';
import { checkCall } from './call-policy.js';
import { callEvents, callStatusOf, type CallReport } from './call-events.js';
import { contactHistory } from './contact-history.js';
import type { EscalationDeps } from './escalation-deps.js';
import { recordOutcome } from './record-outcome.use-case.js';
import { utcText } from './utc-text.js';

/** Why the desk refuses a call: the policy or the task would be broken by it. */
export type CallRefusal =
  | 'TASK_CLOSED'
  | 'OUTSIDE_WINDOW'
  | 'CAP_REACHED'
  | 'NOT_ALLOWED'
  | 'ALREADY_REPORTED'
  | 'CONFLICT';

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
  if (task.status !== 'open')
    return refused('TASK_CLOSED', `the task is closed (${task.closedReason ?? 'closed'})`);
  if (at.toMillis() > now.toMillis() + CLOCK_SKEW_MS) {
    return { kind: 'invalid', field: 'at', message: 'a call cannot be reported before it happens' };
  }
  const inWindow = task.payload.windows.some(
    (w) => Date.parse(w.start) <= at.toMillis() && at.toMillis() < Date.parse(w.end),
  );
  if (!inWindow) return refused('OUTSIDE_WINDOW', 'the call is outside the task’s calling windows');
  if (task.calls.length >= task.maxCallAttempts) {
    return refused('CAP_REACHED', `the stage allows ${task.maxCallAttempts} calls`);
  }
  const { state } = await deps.accounts.load(task.tenantId, task.accountId);
  const contact = state.contact?.value;
  const account = policyAccountOf(state);
  if (contact === undefined || account === undefined) {
    throw new AppError('ACCOUNT_FACTS_MISSING', 'the account is not known here yet', {
      retryable: true,
    });
  }
  const address = phoneToCall(contact) ?? addressFor('agent-call', contact);
  if (address === undefined) return refused('NOT_ALLOWED', 'NO_ADDRESS');
  const eligibility = checkEligibility({
    account,
    contact: policyContactOf(state, contact),
    message: { channel: 'agent-call', purpose: task.purpose, address },
    policy: jurisdictionPolicy(deps.rules.policy, contact.jurisdiction),
    now: at,
  });
  if (!eligibility.allowed) return refused('NOT_ALLOWED', eligibility.reasons.join(','));
  if (report.outcome === 'promise-to-pay') {
    const problem = checkPromise(
      report,
      state.overdue?.value.overdueAmount.currency,
      at,
      contact.timeZone,
    );
    if (problem !== undefined) return problem;
  }
  const [messages, tasks] = await Promise.all([
    deps.messages.ofAccount(task.tenantId, task.accountId),
    deps.tasks.ofAccount(task.tenantId, task.accountId),
  ]);
  const check = checkCall(
    {
      policy: deps.rules.policy,
      contact,
      purpose: task.purpose,
      history: contactHistory(messages, tasks),
    },
    at,
  );
  if (!check.allowed) {
    return refused(
      check.reason,
      check.reason === 'CAP_REACHED'
        ? 'a frequency cap does not allow another call then'
        : 'the policy does not allow a call then in the customer’s zones',
    );
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
