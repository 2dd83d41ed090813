/**
 * The one rule for "may this task's customer be called at `at`": the desk's report of a call and
 * the desk's list ("callable now") both ask it, so the list never offers a call the report then
 * refuses. It checks the task (open, a call left, `at` inside a window it lists), the account's
 * current facts (a number to call, the eligibility rules: disputes, cease requests, promises) and
 * the policy at `at` in every zone the customer may be in now, against the latest contact record
 * and history (`checkCall`): a contact.updated after the task was made can close a window.
 */
import type { DateTime } from 'luxon';
import {
  addressFor,
  checkEligibility,
  jurisdictionPolicy,
  policyAccountOf,
  policyContactOf,
  type AccountState,
  type ContactHistoryEntry,
  type Policy,
} from '@kindly/rules';
import type { ContactUpdatedV1Payload } from '@kindly/contracts';
import { phoneToCall, type AgentTask } from './agent-task.js';
import { checkCall } from './call-policy.js';
import { windowAt } from './callable-now.js';

/** Why the desk refuses a call: the policy or the task would be broken by it. */
export type CallRefusal =
  | 'TASK_CLOSED'
  | 'OUTSIDE_WINDOW'
  | 'CAP_REACHED'
  | 'NOT_ALLOWED'
  | 'ALREADY_REPORTED'
  | 'CONFLICT';

export interface CallFacts {
  readonly policy: Policy;
  readonly task: AgentTask;
  /** The service's current copy of the account. */
  readonly state: AccountState;
  /** Calls made and messages sent (`contactHistory`), for the caps. */
  readonly history: readonly ContactHistoryEntry[];
}

export type CallAllowance =
  | { readonly allowed: true; readonly contact: ContactUpdatedV1Payload }
  | { readonly allowed: false; readonly reason: CallRefusal; readonly detail: string }
  /** The account's contact or overdue facts have not arrived here yet: ask again later. */
  | { readonly allowed: false; readonly reason: 'FACTS_MISSING'; readonly detail: string };

/** May the task's customer be called at `at`, and if not, why (the desk's refusal). */
export function callAllowedAt(facts: CallFacts, at: DateTime): CallAllowance {
  const { task, state, policy } = facts;
  if (task.status !== 'open') {
    return no('TASK_CLOSED', `the task is closed (${task.closedReason ?? 'closed'})`);
  }
  if (windowAt(task.payload.windows, at) === undefined) {
    return no('OUTSIDE_WINDOW', 'the call is outside the task’s calling windows');
  }
  if (task.calls.length >= task.maxCallAttempts) {
    return no('CAP_REACHED', `the stage allows ${task.maxCallAttempts} calls`);
  }
  const contact = state.contact?.value;
  const account = policyAccountOf(state);
  if (contact === undefined || account === undefined) {
    return { allowed: false, reason: 'FACTS_MISSING', detail: 'the account is not known here yet' };
  }
  const address = phoneToCall(contact) ?? addressFor('agent-call', contact);
  if (address === undefined) return no('NOT_ALLOWED', 'NO_ADDRESS');
  const eligibility = checkEligibility({
    account,
    contact: policyContactOf(state, contact),
    message: { channel: 'agent-call', purpose: task.purpose, address },
    policy: jurisdictionPolicy(policy, contact.jurisdiction),
    now: at,
  });
  if (!eligibility.allowed) return no('NOT_ALLOWED', eligibility.reasons.join(','));
  const check = checkCall({ policy, contact, purpose: task.purpose, history: facts.history }, at);
  if (!check.allowed) {
    return no(
      check.reason,
      check.reason === 'CAP_REACHED'
        ? 'a frequency cap does not allow another call then'
        : 'the policy does not allow a call then in the customer’s zones',
    );
  }
  return { allowed: true, contact };
}

function no(reason: CallRefusal, detail: string): CallAllowance {
  return { allowed: false, reason, detail };
}
