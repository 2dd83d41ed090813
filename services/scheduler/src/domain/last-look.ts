import { DateTime, type Duration } from 'luxon';
import {
  addressFor,
  candidateZones,
  channelStepOf,
  checkEligibility,
  findSendSlot,
  jurisdictionPolicy,
  legalTimeZones,
  policyAccountOf,
  policyContactOf,
  selectStage,
  selectStrategy,
  type AccountState,
  type ContactHistoryEntry,
  type PlanningRules,
} from '@kindly/rules';
import type { ReleasedContact, ReleaseVerdict, ScheduledMessage } from './scheduled-message.js';

export interface LastLookRules {
  /** The same policy and strategies the planner plans with. */
  readonly planning: PlanningRules;
  /**
   * How long after its planned window closed a message may still be re-slotted; later, it is
   * cancelled as `EXPIRED` and the strategy moves on without it. Bounds every catch-up.
   */
  readonly maxDelay: Duration;
  /** How soon to look again when the account's facts have not arrived yet. */
  readonly awaitAccountRetry: Duration;
}

export interface LastLookFacts {
  /** The scheduler's own copy of the account's state; absent when it has seen no event of it. */
  readonly state: AccountState | undefined;
  /** What it released to this customer before, for the frequency caps. */
  readonly released: readonly ReleasedContact[];
}

/**
 * The last look at a due message, against the newest facts at `now`: the account must still be
 * in the cycle and stage the message was planned for, nothing may bar the channel (a payment, an
 * opt-out, a dispute, a promise to pay…), and `now` must be inside an allowed window in every zone
 * the customer may be in, under every cap. A message outside its window (a backlog after an
 * outage, a holiday added since) is re-slotted to its next allowed window, never sent late, and
 * cancelled once that would be later than `maxDelay` after its planned window. Pure.
 */
export function lastLook(
  rules: LastLookRules,
  message: ScheduledMessage,
  facts: LastLookFacts,
  now: DateTime,
): ReleaseVerdict {
  const { plan } = message;
  const limit = DateTime.fromISO(plan.latestSendAt, { zone: 'utc' }).plus(rules.maxDelay);
  const expired = (detail: string): ReleaseVerdict => ({
    kind: 'cancel',
    reason: 'EXPIRED',
    detail,
  });

  const state = facts.state;
  const overdue = state?.overdue?.value;
  const contact = state?.contact?.value;
  if (!state || !overdue || !contact) {
    const until = now.plus(rules.awaitAccountRetry);
    if (until > limit) return expired('the account’s facts never reached the scheduler');
    return { kind: 'defer', until: iso(until), reason: 'AWAITING_ACCOUNT' };
  }

  // Campaign messages are started by name, outside the collection cycle and its stages.
  if (plan.campaignId === undefined) {
    if (overdue.cycleId !== plan.cycleId) {
      return { kind: 'cancel', reason: 'SUPERSEDED', detail: 'the account is in a newer cycle' };
    }
    const strategy = selectStrategy(rules.planning.strategies, {
      product: overdue.product,
      segment: overdue.segment,
    });
    const stage = strategy
      ? selectStage(strategy, {
          daysPastDue: overdue.daysPastDue,
          overdueBalance: overdue.overdueAmount,
        })
      : undefined;
    if (stage && stage.stage > plan.stage) {
      return {
        kind: 'cancel',
        reason: 'NEWER_STAGE',
        detail: `the account is in stage ${stage.stage}`,
      };
    }
  }

  const account = policyAccountOf(state);
  const address = addressFor(plan.channel, contact);
  if (!account || address === undefined) return { kind: 'cancel', reason: 'NO_ADDRESS' };
  const eligibility = checkEligibility({
    account,
    contact: policyContactOf(state, contact),
    message: {
      channel: plan.channel,
      purpose: plan.purpose,
      address,
      // The kind the strategy gave the step (a notice a cease request still allows), as the
      // planner checked it.
      ...templateKindOf(rules, plan),
    },
    policy: jurisdictionPolicy(rules.planning.policy, contact.jurisdiction),
    now,
  });
  if (!eligibility.allowed) {
    const [reason = 'NO_CONSENT', ...others] = eligibility.reasons;
    return {
      kind: 'cancel',
      reason,
      ...(others.length > 0 ? { detail: `also ${others.join(', ')}` } : {}),
    };
  }

  // The zones the customer may be in now, and those the plan was made for: both must allow it.
  const zones = [
    ...new Set([
      ...candidateZones(contact, {
        legalTimeZones: legalTimeZones(rules.planning.policy),
      }).zones.map((z) => z.zone),
      ...plan.window.zones,
    ]),
  ];
  const slot = findSendSlot({
    policy: rules.planning.policy,
    contact,
    zones,
    channel: plan.channel,
    purpose: plan.purpose,
    history: facts.released.map(toHistoryEntry),
    now,
    horizon: rules.planning.horizon,
    minimumDuration: rules.planning.minimumDuration,
  });
  if (!slot.found) {
    if (slot.reason === 'CAP_REACHED' && slot.retryAt && slot.retryAt <= limit) {
      return { kind: 'defer', until: iso(slot.retryAt), reason: 'CAP_REACHED' };
    }
    return { kind: 'cancel', reason: slot.reason };
  }
  const start = slot.slot.start;
  const end = slot.slot.end;
  if (start <= now) {
    const plannedEnd = DateTime.fromISO(message.latestSendAt, { zone: 'utc' });
    // Inside the window it was planned for, the earlier end wins; re-slotted, the new one.
    const latest = now <= plannedEnd && plannedEnd < end ? plannedEnd : end;
    return { kind: 'release', latestSendAt: iso(latest) };
  }
  if (start > limit) return expired('no allowed window before the catch-up limit');
  return {
    kind: 'defer',
    until: iso(start),
    reason: slot.reasons.includes('WAITED_FOR_CAP') ? 'CAP_REACHED' : 'RESLOTTED',
    window: { earliestSendAt: iso(start), latestSendAt: iso(end) },
  };
}

function templateKindOf(rules: LastLookRules, plan: ScheduledMessage['plan']) {
  const kind = channelStepOf(rules.planning.strategies, plan)?.templateKind;
  return kind !== undefined ? { templateKind: kind } : {};
}

function toHistoryEntry(contact: ReleasedContact): ContactHistoryEntry {
  return { channel: contact.channel, purpose: contact.purpose, at: contact.at, kind: 'attempt' };
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}
