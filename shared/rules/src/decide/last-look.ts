/**
 * The last look at one message against the newest facts at an explicit `now`: may it go now,
 * must it wait (until when, and why), or must it not go at all (a reason code, never personal
 * data)? The same building blocks as the planner's `decideOutreach` (`selectStrategy` and
 * `selectStage` for the cycle and stage, `channelEligibility` for the address and every bar,
 * `findSendSlot` for the windows and caps), so a plan and every later look at it cannot
 * disagree. Pure.
 *
 * Its callers pass different things, on purpose:
 *
 * - The scheduler, at release: the plan's cycle, stage, template kind and window zones, and the
 *   messages it released to the customer before as `history` (it is the one that counts a
 *   message against the caps). No `latestSendAt`: a backlog found after its window is re-slotted,
 *   not expired; the scheduler keeps its own catch-up limit (`maxDelay`), its retry while the
 *   account's facts are missing, and the planned window's end where that is earlier. Only it
 *   passes `passedOver` (the plan's earlier channels skipped as ineligible): it is the only one
 *   that releases, so only its look can withdraw a fallback for a preferred channel before it
 *   goes; every later look is after the release, when withdrawing would lose the message.
 * - The dispatcher, the moment before the provider call: what `outreach.rendered` carries (the
 *   same fields, copied plan → release → render), `history: []` (the scheduler counted this
 *   message already; counting it again would stop every message at the edge of a cap) and
 *   `latestSendAt` (nothing goes after it). It does not wait: a `defer` is a stop for it.
 * - Escalation's desk, checking a reported call: only the window and the caps (`lookAtWindow`),
 *   over the calls and messages before it, at the call's instant with a short horizon and any
 *   time left in the window (the call has happened; it needed no minutes before the close). Its
 *   eligibility and the task's own limits are checked by the desk. (Its list of calling windows
 *   is a search ahead, not a look at one instant: `findSendSlot` bounded by the task's end.)
 *
 * Where the looks used to differ, this one decides: the dispatcher now judges the plan's zones
 * and the message's cycle and stage as the scheduler did, and reads the template kind the plan
 * carried instead of guessing it from the strategies. A `defer` says `OUTSIDE_WINDOW` whenever
 * `now` is outside an allowed window, and `CAP_REACHED` only inside one that a cap holds back.
 */
import { DateTime, type Duration } from 'luxon';
import type {
  CancellationReason,
  ContactUpdatedV1Payload,
  OutreachChannel,
  Purpose,
} from '@kindly/contracts';
import { type ContactHistoryEntry, type Policy } from '../policy/index.js';
import type { AccountState } from '../state/account-state.js';
import { selectStage, selectStrategy, type StrategyCatalog } from '../strategy/index.js';
import { channelEligibility } from './channel-eligibility.js';
import { policyAccountOf, policyContactOf } from './policy-views.js';
import { findSendSlot } from './send-slot.js';

/** The same policy and strategies the planner plans with. */
export interface LastLookRules {
  readonly policy: Policy;
  readonly strategies: StrategyCatalog;
}

/** The message as its events carry it. */
export interface LastLookMessage {
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** The strategy step's kind: a notice a flag or pause still lets through says so here. */
  readonly templateKind?: string;
  /** With `stage`: a message of an older cycle or an earlier stage no longer goes. */
  readonly cycleId?: string;
  readonly stage?: number;
  /** A campaign runs outside the collection cycle and its stages: neither is checked. */
  readonly campaignId?: string;
  /** The zones the plan's window was made for, judged on top of the customer's own. */
  readonly zones?: readonly string[];
  /** UTC ISO-8601. After it the message is `EXPIRED`; an allowed window ends there at the latest. */
  readonly latestSendAt?: string;
  /**
   * The steps of the stage's channels the plan passed over as ineligible (`outreach.planned`'s
   * `passedOver`, each read from the plan's strategy stage). One that is eligible now, by the
   * same `channelEligibility` the planner chose with, stops the message (`PREFERRED_CHANNEL`):
   * the planner, told by the cancellation, plans that channel.
   * Only the scheduler's look before release passes it.
   */
  readonly passedOver?: readonly PassedOverStep[];
}

/** A channel step a plan fell back from, as eligibility reads it. */
export interface PassedOverStep {
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** A strategy step's own, so a step passes as it is. */
  readonly templateKind?: string | undefined;
}

export interface LastLookFacts {
  /** The caller's copy of the account's state; absent when it has seen no event of it. */
  readonly state: AccountState | undefined;
  /** Contacts to count against the frequency caps: `[]` where this message was counted already. */
  readonly history: readonly ContactHistoryEntry[];
}

/** Overrides of the policy's search, for a caller that really needs one (a reported call). */
export interface SlotOverrides {
  /** How far ahead to look for a window (the policy's `searchHorizonDays` otherwise). */
  readonly horizon?: Duration;
  /** Time a send needs before its window closes (the policy's `minimumMinutesLeft` otherwise). */
  readonly minimumDuration?: Duration;
}

export type DeferReason = 'CAP_REACHED' | 'OUTSIDE_WINDOW';

/** Why the window and caps say no for good (within the search): a code, never personal data. */
export type WindowStopReason = 'NO_WINDOW' | 'CAP_REACHED' | 'NEVER_ALLOWED';

/** What the windows and the caps alone say. */
export type WindowAnswer =
  | { readonly kind: 'allow'; readonly windowEndsAt: DateTime }
  | {
      readonly kind: 'defer';
      readonly until: DateTime;
      /** `OUTSIDE_WINDOW` when `now` is outside an allowed window, whatever the caps. */
      readonly reason: DeferReason;
      /** The next allowed window; absent when only a cap's release time is known. */
      readonly window?: { readonly start: DateTime; readonly end: DateTime };
      /** The ids of the caps that held it (from the policy), when known. */
      readonly caps?: readonly string[];
    }
  | {
      readonly kind: 'stop';
      readonly reason: WindowStopReason;
      readonly detail?: string;
      /** The ids of the caps that hold it back or never allow it, when a cap does. */
      readonly caps?: readonly string[];
    };

export type LastLookAnswer =
  | {
      readonly kind: 'allow';
      /** The E.164 number, e-mail address, or `postal` (the letter's address is in `contact`). */
      readonly address: string;
      readonly contact: ContactUpdatedV1Payload;
      readonly windowEndsAt: DateTime;
    }
  | Extract<WindowAnswer, { kind: 'defer' }>
  | {
      readonly kind: 'stop';
      /** A suppression or cancellation code (`PAID`, `NEWER_STAGE`, `EXPIRED`, `NO_WINDOW`…). */
      readonly reason: CancellationReason;
      /** For people: which caps, which other bars. Never personal data. */
      readonly detail?: string;
      readonly caps?: readonly string[];
    }
  /** The account's facts have not reached the caller yet (topics are not ordered together). */
  | { readonly kind: 'await' };

export function lastLook(
  rules: LastLookRules,
  message: LastLookMessage,
  facts: LastLookFacts,
  now: DateTime,
  overrides: SlotOverrides = {},
): LastLookAnswer {
  const latest = message.latestSendAt === undefined ? undefined : Date.parse(message.latestSendAt);
  if (latest !== undefined && now.toMillis() > latest) return { kind: 'stop', reason: 'EXPIRED' };
  const { state } = facts;
  const overdue = state?.overdue?.value;
  const contact = state?.contact?.value;
  if (!state || !overdue || !contact) return { kind: 'await' };

  const superseded = supersededBy(rules.strategies, message, state);
  if (superseded) return superseded;

  const account = policyAccountOf(state);
  if (!account) return { kind: 'stop', reason: 'NO_ADDRESS' };
  const views = {
    policy: rules.policy,
    account,
    contact,
    policyContact: policyContactOf(state, contact),
  };
  const eligibility = channelEligibility(views, message, now);
  if (!eligibility.allowed) {
    const [reason = 'NO_CONSENT', ...others] = eligibility.reasons;
    return {
      kind: 'stop',
      reason,
      ...(others.length > 0 ? { detail: `also ${others.join(', ')}` } : {}),
    };
  }
  const { address } = eligibility;
  // After the message's own bars (a payment stops it as PAID, not as superseded), before its
  // window: a preferred channel the customer may now be reached on replaces it whenever it
  // would go. A campaign's message has no stage fallback to replace.
  if (
    message.campaignId === undefined &&
    (message.passedOver ?? []).some((step) => channelEligibility(views, step, now).allowed)
  ) {
    return { kind: 'stop', reason: 'PREFERRED_CHANNEL' };
  }

  const window = lookAtWindow(rules.policy, {
    contact,
    channel: message.channel,
    purpose: message.purpose,
    ...(message.zones !== undefined ? { zones: message.zones } : {}),
    history: facts.history,
    now,
    ...overrides,
  });
  if (window.kind !== 'allow') return window;
  const end = window.windowEndsAt;
  return {
    kind: 'allow',
    address,
    contact,
    windowEndsAt:
      latest !== undefined && latest < end.toMillis()
        ? DateTime.fromMillis(latest, { zone: 'utc' })
        : end,
  };
}

/** A message of an older cycle, or of a stage the account has moved past. */
function supersededBy(
  catalog: StrategyCatalog,
  message: LastLookMessage,
  state: AccountState,
): LastLookAnswer | undefined {
  const overdue = state.overdue?.value;
  if (!overdue || message.campaignId !== undefined) return undefined;
  if (message.cycleId !== undefined && overdue.cycleId !== message.cycleId) {
    return { kind: 'stop', reason: 'SUPERSEDED', detail: 'the account is in a newer cycle' };
  }
  if (message.stage === undefined) return undefined;
  const strategy = selectStrategy(catalog, {
    product: overdue.product,
    segment: overdue.segment,
  });
  const stage = strategy
    ? selectStage(strategy, {
        daysPastDue: overdue.daysPastDue,
        overdueBalance: overdue.overdueAmount,
      })
    : undefined;
  if (stage && stage.stage > message.stage) {
    return {
      kind: 'stop',
      reason: 'NEWER_STAGE',
      detail: `the account is in stage ${stage.stage}`,
    };
  }
  return undefined;
}

export interface WindowRequest extends SlotOverrides {
  readonly contact: ContactUpdatedV1Payload;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** Zones to judge on top of the contact's own candidate zones (the plan's window zones). */
  readonly zones?: readonly string[];
  readonly history: readonly ContactHistoryEntry[];
  readonly now: DateTime;
}

/**
 * The windows and caps at `now`: allowed now (with the window's end), or the next allowed
 * instant and why it is not now, or no allowed instant within the search.
 */
export function lookAtWindow(policy: Policy, request: WindowRequest): WindowAnswer {
  const { now } = request;
  const slot = findSendSlot({ policy, ...request });
  if (slot.found && slot.slot.start <= now) {
    return { kind: 'allow', windowEndsAt: slot.slot.end };
  }
  const caps = slot.blockingCaps.length > 0 ? { caps: slot.blockingCaps } : {};
  if (slot.found) {
    return {
      kind: 'defer',
      until: slot.slot.start,
      reason: deferReason(policy, request, slot.reasons.includes('WAITED_FOR_CAP')),
      window: { start: slot.slot.start, end: slot.slot.end },
      ...caps,
    };
  }
  if (slot.reason === 'CAP_REACHED' && slot.retryAt !== undefined) {
    return {
      kind: 'defer',
      until: slot.retryAt,
      reason: deferReason(policy, request, true),
      ...caps,
    };
  }
  const detail = [
    ...(slot.blockingCaps.length > 0 ? [`caps ${slot.blockingCaps.join(', ')}`] : []),
    ...(slot.closedIn !== undefined && slot.closedIn.length > 0
      ? [`no hours in ${[...new Set(slot.closedIn.map((c) => c.jurisdiction))].join(', ')}`]
      : []),
  ].join('; ');
  return { kind: 'stop', reason: slot.reason, ...(detail !== '' ? { detail } : {}), ...caps };
}

/**
 * `CAP_REACHED` only when `now` itself is inside an allowed window and a cap holds the message
 * back; a message outside its window waits for the window first, whatever the caps say.
 */
function deferReason(policy: Policy, request: WindowRequest, waitedForCap: boolean): DeferReason {
  if (!waitedForCap || request.history.length === 0) return 'OUTSIDE_WINDOW';
  const open = findSendSlot({ policy, ...request, history: [] });
  return open.found && open.slot.start <= request.now ? 'CAP_REACHED' : 'OUTSIDE_WINDOW';
}
