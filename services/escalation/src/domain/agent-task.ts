/**
 * An agent's call task, built from a released `agent-call` message and the account's facts:
 * where and when the agent may call, how many calls are left, what the account owes, and the
 * offer to suggest. Only what an agent needs: the account id, masked numbers, no name or address.
 */
import { DateTime } from 'luxon';
import {
  deterministicId,
  type AccountOverdueV1Payload,
  type AgentTaskV1Payload,
  type CallWindow,
  type ContactUpdatedV1Payload,
  type SuggestedOffer,
} from '@kindly/contracts';
import type { ContactHistoryEntry, Offer, Policy, StrategyStage } from '@kindly/rules';
import { callsLeft, callWindows, type CallContext } from './call-policy.js';
import type { ReleasedMessage } from './escalation-message.js';

/** What an agent reports about one call. */
export type CallOutcome =
  'no-answer' | 'conversation' | 'promise-to-pay' | 'dispute' | 'wrong-number';

/** One call reported on a task. */
export interface CallRecord {
  readonly callId: string;
  readonly at: string;
  readonly outcome: CallOutcome;
  /** The attempt number on the task, from 1. */
  readonly attempt: number;
}

export type TaskStatus = 'open' | 'closed';

/**
 * A task as the desk keeps it (`agent-tasks`): the event's payload plus what the desk needs to
 * check calls against it. `maskedPhone` and `maskedAccount` are all the agent sees of the numbers.
 */
export interface AgentTask {
  readonly taskId: string;
  readonly messageId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly cycleId: string;
  readonly correlationId: string;
  /** The `agent.task` event's id: the cause of every event a call on the task produces. */
  readonly eventId: string;
  /** The `outreach.released` event the task came from. */
  readonly causationId: string;
  readonly createdAt: string;
  readonly status: TaskStatus;
  readonly closedReason?: string | undefined;
  readonly payload: AgentTaskV1Payload;
  readonly purpose: ReleasedMessage['purpose'];
  readonly maxCallAttempts: number;
  readonly maskedPhone?: string | undefined;
  readonly maskedAccount?: string | undefined;
  readonly calls: readonly CallRecord[];
}

/** The task id of a released call message: one task per message, however often it is released. */
export function taskIdOf(messageId: string): string {
  return deterministicId('agent.task', messageId);
}

/** `+1212555••34`: the country and area code and the last two digits, for the agent to confirm. */
export function maskPhone(number: string): string {
  if (number.length <= 6) return '•'.repeat(number.length);
  return `${number.slice(0, 5)}${'•'.repeat(number.length - 7)}${number.slice(-2)}`;
}

/** The phone an agent calls: the primary mobile, else any mobile, else the first number. */
export function phoneToCall(contact: ContactUpdatedV1Payload): string | undefined {
  const mobiles = contact.phones.filter((p) => p.type === 'mobile');
  return (
    mobiles.find((p) => p.primary === true)?.number ??
    mobiles[0]?.number ??
    contact.phones[0]?.number
  );
}

/**
 * The offer an agent suggests: the stage's first offer, with terms worked out from the account
 * where the offer has a range (the number of instalments that pays the arrears at about the
 * minimum payment, within the offer's bounds).
 */
export function suggestOffer(
  stage: StrategyStage,
  overdue: AccountOverdueV1Payload,
  today: DateTime,
): SuggestedOffer | undefined {
  const offer: Offer | undefined = stage.offers?.[0];
  if (offer === undefined) return undefined;
  const validUntil =
    offer.validForDays === undefined
      ? {}
      : { validUntil: today.plus({ days: offer.validForDays }).toISODate() ?? undefined };
  const base = { kind: offer.kind, offerId: offer.offerId, ...definedOnly(validUntil) };
  const owed = overdue.overdueAmount;
  if (offer.kind === 'instalment-plan' && owed.amountMinor > 0) {
    const perMonth = Math.max(1, overdue.minimumPayment.amountMinor);
    const wanted = Math.ceil(owed.amountMinor / perMonth);
    const instalments = Math.min(offer.instalments.max, Math.max(offer.instalments.min, wanted));
    const amountMinor = Math.ceil(owed.amountMinor / instalments);
    return { ...base, instalments, amount: { amountMinor, currency: owed.currency } };
  }
  if (offer.kind === 'minimum-payment' && overdue.minimumPayment.amountMinor > 0) {
    return { ...base, amount: overdue.minimumPayment };
  }
  return base;
}

function definedOnly(value: { validUntil?: string | undefined }): { validUntil?: string } {
  return value.validUntil === undefined ? {} : { validUntil: value.validUntil };
}

export interface TaskInput {
  readonly policy: Policy;
  readonly stage: StrategyStage;
  readonly message: ReleasedMessage & { readonly messageId: string };
  readonly tenantId: string;
  readonly accountId: string;
  readonly overdue: AccountOverdueV1Payload;
  readonly contact: ContactUpdatedV1Payload;
  readonly history: readonly ContactHistoryEntry[];
  readonly now: DateTime;
  /** Windows are listed until then (the step's fallback wait, at most the desk's horizon). */
  readonly until: DateTime;
}

export type TaskDraft =
  | {
      readonly kind: 'task';
      readonly payload: AgentTaskV1Payload;
      readonly maxCallAttempts: number;
    }
  | { readonly kind: 'no-window' };

/** The task's payload: the windows from now until `until`, the calls left, facts and offer. */
export function draftTask(input: TaskInput): TaskDraft {
  const context: CallContext = {
    policy: input.policy,
    contact: input.contact,
    purpose: input.message.purpose,
    history: input.history,
  };
  const windows: CallWindow[] = callWindows(context, input.now, input.until);
  const first = windows[0];
  if (first === undefined) return { kind: 'no-window' };
  const action = input.stage.action;
  const maxCallAttempts = action?.type === 'agent-call' ? action.maxCallAttempts : 7;
  // The caps are counted where the first window opens (a quiet week may end before it).
  const firstStart = DateTime.fromISO(first.start, { zone: 'utc' });
  const capsAt = firstStart > input.now ? firstStart : input.now;
  const offer = suggestOffer(input.stage, input.overdue, input.now.setZone(input.contact.timeZone));
  return {
    kind: 'task',
    maxCallAttempts,
    payload: {
      accountId: input.accountId,
      taskId: taskIdOf(input.message.messageId),
      cycleId: input.message.cycleId,
      windows,
      callAttemptsLeft: callsLeft(context, capsAt, maxCallAttempts),
      facts: {
        overdueAmount: input.overdue.overdueAmount,
        daysPastDue: input.overdue.daysPastDue,
        stage: input.message.stage,
      },
      ...(offer === undefined ? {} : { suggestedOffer: offer }),
    },
  };
}

/** How a call counts for the caps: a conversation starts the quiet week; the rest are attempts. */
export function historyKindOf(outcome: CallOutcome): ContactHistoryEntry['kind'] {
  switch (outcome) {
    case 'conversation':
    case 'promise-to-pay':
    case 'dispute':
      return 'conversation';
    case 'no-answer':
    case 'wrong-number':
      // A call placed to a wrong number still counts as placed: the safe side of the cap.
      return 'attempt';
  }
}
