/**
 * The escalation service's decisions, pure: given a message (or an account) as it stands, the
 * strategy and `now`, whether to wait, to let it be, or to move the account on. Every escalation
 * carries the instant of the fact that caused it (the outcome, the end of the wait, the bank's
 * event), never the time of the decision, so that deciding twice gives the same event.
 */
import type { DateTime } from 'luxon';
import type { EscalationReason, OutreachChannel } from '@kindly/contracts';
import { DateTime as LuxonDateTime } from 'luxon';
import { channelStepOf, waitText, type AccountState, type StrategyCatalog } from '@kindly/rules';
import { deliveredAtOf } from './delivery-evidence.js';
import { paidSince, standingOf } from './account-standing.js';
import type { MessageRecord } from './escalation-message.js';
import {
  currentStageOf,
  entryOf,
  fallbackDestination,
  finalNoticeStageOf,
  legalStageOf,
  strategyOf,
  type Destination,
} from './strategy-steps.js';
import { waitEnds } from './wait-deadline.js';

/** A move of the account, before it becomes an `outreach.escalated` event. */
export interface Escalation {
  readonly from: { readonly stage: number; readonly channel: OutreachChannel };
  readonly to: Destination;
  readonly reason: EscalationReason;
  readonly detail: string;
  /** When the fact behind it happened: the event's `occurredAt`. */
  readonly at: string;
  /** What makes it unique besides account and cycle; the event id is derived from it. */
  readonly key: readonly string[];
}

/** Why nothing is (or will be) escalated for a message. */
export type SettleReason =
  | 'DELIVERED'
  | 'CURED'
  | 'OTHER_CYCLE'
  | 'NEWER_STAGE'
  | 'CANCELLED'
  | 'ALREADY_ESCALATED'
  | 'NO_STEP'
  | 'NOT_RELEASED'
  | 'NOT_FINAL_NOTICE'
  | 'SUPERSEDED'
  | 'PAID'
  | 'BELOW_LEGAL_MINIMUM'
  | 'NO_LEGAL_STAGE';

export type Verdict =
  | { readonly kind: 'wait'; readonly until: DateTime }
  | { readonly kind: 'settle'; readonly why: SettleReason }
  | { readonly kind: 'escalate'; readonly escalation: Escalation };

const settle = (why: SettleReason): Verdict => ({ kind: 'settle', why });

/** The customer's zone, for waits in days; UTC while the bank has not sent the contact. */
export function zoneOf(state: AccountState | undefined): string {
  return state?.contact?.value.timeZone ?? 'UTC';
}

export interface FallbackInput {
  readonly catalog: StrategyCatalog;
  readonly message: MessageRecord;
  readonly state: AccountState | undefined;
  readonly now: DateTime;
  /** For an agent-call message: the calls reported on its task (0 when nobody worked it). */
  readonly callsMade?: number;
}

/**
 * A message's fallback: a definite failure escalates at once to the stage's next channel; no
 * delivery by the end of the step's `fallbackAfter` escalates then (an e-mail accepted without a
 * bounce by then counts as delivered, see `delivery-evidence.ts`). Nothing when the message was
 * delivered or cancelled, the account is cured or in a newer cycle or stage. An agent task that
 * reaches the end of its wait with no call made expires (`TASK_EXPIRED`), which is not a failed
 * call: nothing was attempted, and no message may say that it was.
 */
export function decideFallback(input: FallbackInput): Verdict {
  const { catalog, message, state, now } = input;
  const release = message.release;
  if (release === undefined) return settle('NOT_RELEASED');
  if (message.escalatedAt !== undefined) return settle('ALREADY_ESCALATED');
  if (message.cancelled !== undefined) return settle('CANCELLED');
  const step = channelStepOf(catalog, release);
  const strategy = strategyOf(catalog, release.strategyId, release.strategyVersion);
  if (step === undefined || strategy === undefined) return settle('NO_STEP');
  const standing = standingOf(state, release.cycleId, now);
  if (standing === 'cured') return settle('CURED');
  if (standing === 'other-cycle') return settle('OTHER_CYCLE');
  const current = currentStageOf(catalog, state);
  if (current !== undefined && current.stage.stage > release.stage) return settle('NEWER_STAGE');
  const { delivery } = message;
  if (deliveredAtOf(delivery) !== undefined) return settle('DELIVERED');
  const from = { stage: release.stage, channel: release.channel };
  const to = fallbackDestination(strategy, release.stage, release.channel);
  const key = [String(release.stage), release.channel];
  if (delivery.failedAt !== undefined) {
    const code = delivery.failure?.errorCode;
    const status = delivery.failure?.status ?? 'failed';
    return {
      kind: 'escalate',
      escalation: {
        from,
        to,
        reason: 'DELIVERY_FAILED',
        detail: `${release.channel} ${status}${code === undefined ? '' : ` (${code})`}`,
        at: delivery.failedAt,
        key,
      },
    };
  }
  const released = LuxonDateTime.fromISO(release.releasedAt, { zone: 'utc' });
  const deadline = waitEnds(released, step.fallbackAfter, zoneOf(state));
  if (now < deadline) return { kind: 'wait', until: deadline };
  if (release.channel === 'email' && delivery.acceptedAt !== undefined) return settle('DELIVERED');
  const unworked = release.channel === 'agent-call' && (input.callsMade ?? 0) === 0;
  return {
    kind: 'escalate',
    escalation: {
      from,
      to,
      reason: unworked ? 'TASK_EXPIRED' : 'DELIVERY_FAILED',
      detail: unworked
        ? `no call was made on the agent task within ${waitText(step.fallbackAfter)}`
        : `no delivery of the ${release.channel} within ${waitText(step.fallbackAfter)}`,
      at: deadline.toUTC().toISO({ suppressMilliseconds: true }) ?? release.releasedAt,
      key,
    },
  };
}

export interface LegalAfterNoticeInput {
  readonly catalog: StrategyCatalog;
  /** A released message of the final-notice stage. */
  readonly message: MessageRecord;
  /** True when a later message of the same stage and cycle was released: its wait decides. */
  readonly laterInStage: boolean;
  readonly state: AccountState | undefined;
  readonly now: DateTime;
}

/**
 * The hand-off to legal after the final notice: the stage's `escalateAfter` counted from its
 * last message, with no payment since, for a balance at least the legal stage's minimum (a
 * smaller one stays in the final-notice stage, as the strategy says).
 */
export function decideLegalAfterNotice(input: LegalAfterNoticeInput): Verdict {
  const { catalog, message, state, now } = input;
  const release = message.release;
  if (release === undefined) return settle('NOT_RELEASED');
  if (message.cancelled !== undefined) return settle('CANCELLED');
  const strategy = strategyOf(catalog, release.strategyId, release.strategyVersion);
  const legal = strategy === undefined ? undefined : legalStageOf(strategy);
  const notice = strategy === undefined ? undefined : finalNoticeStageOf(strategy);
  if (legal === undefined || notice === undefined) return settle('NO_LEGAL_STAGE');
  if (notice.stage !== release.stage || notice.escalateAfter === undefined) {
    return settle('NOT_FINAL_NOTICE');
  }
  const standing = standingOf(state, release.cycleId, now);
  if (standing === 'cured') return settle('CURED');
  if (standing === 'other-cycle') return settle('OTHER_CYCLE');
  if (input.laterInStage) return settle('SUPERSEDED');
  const released = LuxonDateTime.fromISO(release.releasedAt, { zone: 'utc' });
  const deadline = waitEnds(released, notice.escalateAfter, zoneOf(state));
  if (now < deadline) return { kind: 'wait', until: deadline };
  // The facts may lag (the bank's events come on other topics): wait for them, never guess.
  if (standing === 'unknown') return { kind: 'wait', until: now.plus({ hours: 1 }) };
  if (paidSince(state, released)) return settle('PAID');
  if (!meetsLegalMinimum(legal.entry.minOverdueBalance, state))
    return settle('BELOW_LEGAL_MINIMUM');
  return {
    kind: 'escalate',
    escalation: {
      from: { stage: release.stage, channel: release.channel },
      to: { stage: legal.stage, channel: 'legal' },
      reason: 'STAGES_EXHAUSTED',
      detail: `no payment within ${waitText(notice.escalateAfter)} of the final notice`,
      at: deadline.toUTC().toISO({ suppressMilliseconds: true }) ?? release.releasedAt,
      key: legalKey,
    },
  };
}

/** One hand-off to legal per cycle, whichever way it came (the wait, or the days past due). */
const legalKey = ['legal', 'STAGES_EXHAUSTED'] as const;

function meetsLegalMinimum(
  minimum: Readonly<Record<string, number>> | undefined,
  state: AccountState | undefined,
): boolean {
  const amount = state?.overdue?.value.overdueAmount;
  if (amount === undefined) return false;
  if (minimum === undefined) return true;
  const floor = minimum[amount.currency];
  return floor !== undefined && amount.amountMinor >= floor;
}

/** The last message released in the cycle (stage and channel), for an escalation's `from`. */
export interface LastMessage {
  readonly stage: number;
  readonly channel: OutreachChannel;
}

export interface AccountEventInput {
  readonly catalog: StrategyCatalog;
  readonly state: AccountState;
  readonly lastMessage: LastMessage | undefined;
  readonly now: DateTime;
}

/**
 * An account that reaches the strategy's legal stage by its days past due and balance (the bank's
 * `account.overdue`) is handed to legal, once per cycle, unless it is cured.
 */
export function decideLegalByStage(
  input: AccountEventInput & { readonly at: string },
): Escalation | undefined {
  const { catalog, state, now } = input;
  const overdue = state.overdue;
  const current = currentStageOf(catalog, state);
  if (overdue === undefined || current === undefined) return undefined;
  if (current.stage.action?.type !== 'legal-handoff') return undefined;
  if (standingOf(state, overdue.value.cycleId, now) !== 'overdue') return undefined;
  const notice = finalNoticeStageOf(current.strategy);
  const first = notice?.channels[0];
  const from =
    input.lastMessage ??
    (notice !== undefined && first !== undefined
      ? { stage: notice.stage, channel: first.channel }
      : undefined);
  if (from === undefined) return undefined;
  return {
    from,
    to: { stage: current.stage.stage, channel: 'legal' },
    reason: 'STAGES_EXHAUSTED',
    detail: `the account reached stage ${current.stage.stage} (${current.stage.name})`,
    at: input.at,
    key: legalKey,
  };
}

/**
 * A broken promise to pay or instalment plan: the planner resumes the strategy from the bank's
 * event; this records the move, from the last message of the cycle to the current stage's first
 * step. Nothing when the arrangement is not (or no longer) broken, or the account is cured.
 */
export function decideBrokenArrangement(
  input: AccountEventInput & { readonly arrangementId: string; readonly at: string },
): Escalation | undefined {
  const { catalog, state, now } = input;
  const overdue = state.overdue;
  const arrangement = state.arrangements.find(
    (a) => a.value.arrangementId === input.arrangementId,
  )?.value;
  if (overdue === undefined || arrangement?.status !== 'broken') return undefined;
  if (standingOf(state, overdue.value.cycleId, now) !== 'overdue') return undefined;
  const current = currentStageOf(catalog, state);
  if (current === undefined) return undefined;
  const to = entryOf(current.stage);
  const firstChannel = current.stage.channels[0]?.channel;
  const from =
    input.lastMessage ??
    (firstChannel === undefined
      ? undefined
      : { stage: current.stage.stage, channel: firstChannel });
  if (to === undefined || from === undefined) return undefined;
  const reason = arrangement.kind === 'promise-to-pay' ? 'PROMISE_BROKEN' : 'PLAN_BROKEN';
  return {
    from,
    to,
    reason,
    detail: `${arrangement.kind} broken; the strategy resumes at stage ${current.stage.stage}`,
    at: input.at,
    key: [String(from.stage), from.channel, input.arrangementId],
  };
}
