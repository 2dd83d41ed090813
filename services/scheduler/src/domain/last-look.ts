import { DateTime, Duration } from 'luxon';
import {
  lastLook as lookAtMessage,
  type ContactHistoryEntry,
  type AccountState,
  type PlanningRules,
} from '@kindly/rules';
import { passedOverStepsOf, plannedStepOf } from './planned-step.js';
import type { ReleasedContact, ReleaseVerdict, ScheduledMessage } from './scheduled-message.js';

export interface LastLookRules {
  /** The same policy and strategies the planner plans with. */
  readonly planning: PlanningRules;
  /**
   * How long after its planned window closed a message may still be re-slotted; later, it is
   * cancelled as `EXPIRED` and the strategy moves on without it. Bounds every catch-up.
   */
  readonly maxDelay: Duration;
  /**
   * How soon to look again when the account's facts have not arrived yet, the first time: they
   * are usually a moment behind the plan (another topic). Twice as long after each look of the
   * message, up to `awaitAccountRetryMax`, so that a backlog of plans whose facts lag far behind
   * is not claimed again and again.
   */
  readonly awaitAccountRetry: Duration;
  /** The longest wait between looks for facts that have not arrived (the first wait otherwise). */
  readonly awaitAccountRetryMax?: Duration;
}

/** The message looked at; `claims`, how many times a round has claimed it (this one included). */
export type LookedAtMessage = ScheduledMessage & { readonly claims?: number };

export interface LastLookFacts {
  /** The scheduler's own copy of the account's state; absent when it has seen no event of it. */
  readonly state: AccountState | undefined;
  /** What it released to this customer before, for the frequency caps. */
  readonly released: readonly ReleasedContact[];
}

/**
 * The last look at a due message at release, against the newest facts at `now`: the rules'
 * `lastLook` (cycle and stage still current, nothing barring the channel, `now` inside an
 * allowed window in every zone the customer may be in and every zone the plan was made for,
 * under every cap counted over what was released before), translated into the scheduler's
 * verdicts. What is the scheduler's own: a message outside its window (a backlog after an
 * outage, a holiday added since) is re-slotted to its next allowed window, never sent late, and
 * cancelled as `EXPIRED` once that would be later than `maxDelay` after its planned window; a
 * message whose account it has not seen yet waits `awaitAccountRetry`. A fallback whose preferred
 * channel (`passedOver`) has become eligible is cancelled as `SUPERSEDED`, in the same claim that
 * would have released it: a message released is never superseded after, and one superseded is
 * never released. Pure.
 */
export function lastLook(
  rules: LastLookRules,
  message: LookedAtMessage,
  facts: LastLookFacts,
  now: DateTime,
): ReleaseVerdict {
  const { plan } = message;
  const latest = DateTime.fromISO(plan.latestSendAt, { zone: 'utc' });
  // A campaign's message never goes after the campaign's end, which its planned window already
  // ends by: no grace to re-slot it later.
  const limit = plan.campaignId === undefined ? latest.plus(rules.maxDelay) : latest;
  const expired = (detail: string): ReleaseVerdict => ({
    kind: 'cancel',
    reason: 'EXPIRED',
    detail,
  });
  const { templateKind } = plannedStepOf(rules.planning.strategies, plan);
  const answer = lookAtMessage(
    rules.planning,
    {
      channel: plan.channel,
      purpose: plan.purpose,
      // The kind the strategy gave the step (a notice a cease request still allows).
      ...(templateKind !== undefined ? { templateKind } : {}),
      cycleId: plan.cycleId,
      stage: plan.stage,
      ...(plan.campaignId !== undefined ? { campaignId: plan.campaignId } : {}),
      zones: plan.window.zones,
      // The channels the plan fell back from: one eligible now supersedes it. Only here, before
      // the release, can a fallback still give way without being sent as well.
      passedOver: passedOverStepsOf(rules.planning.strategies, plan),
      // No latestSendAt for a reminder: past its window it is re-slotted here, up to `limit`. A
      // campaign's message has no later window: past its own it has expired.
      ...(plan.campaignId !== undefined ? { latestSendAt: plan.latestSendAt } : {}),
    },
    { state: facts.state, history: facts.released.map(toHistoryEntry) },
    now,
  );
  switch (answer.kind) {
    case 'await': {
      const until = now.plus(awaitRetry(rules, message));
      if (until > limit) return expired('the account’s facts never reached the scheduler');
      return { kind: 'defer', until: iso(until), reason: 'AWAITING_ACCOUNT' };
    }
    case 'stop':
      return {
        kind: 'cancel',
        reason: answer.reason,
        ...(answer.detail !== undefined ? { detail: answer.detail } : {}),
      };
    case 'allow': {
      const plannedEnd = DateTime.fromISO(message.latestSendAt, { zone: 'utc' });
      const end = answer.windowEndsAt;
      // Inside the window it was planned for, the earlier end wins; re-slotted, the new one.
      const latest = now <= plannedEnd && plannedEnd < end ? plannedEnd : end;
      return { kind: 'release', latestSendAt: iso(latest) };
    }
    case 'defer': {
      const reason = answer.reason === 'CAP_REACHED' ? 'CAP_REACHED' : 'RESLOTTED';
      if (answer.window === undefined) {
        // Only a cap's release time is known (every window in the search is capped).
        if (answer.until > limit) return { kind: 'cancel', reason: 'CAP_REACHED' };
        return { kind: 'defer', until: iso(answer.until), reason };
      }
      if (answer.window.start > limit) {
        return expired('no allowed window before the catch-up limit');
      }
      return {
        kind: 'defer',
        until: iso(answer.window.start),
        reason,
        window: { earliestSendAt: iso(answer.window.start), latestSendAt: iso(answer.window.end) },
      };
    }
  }
}

function toHistoryEntry(contact: ReleasedContact): ContactHistoryEntry {
  return { channel: contact.channel, purpose: contact.purpose, at: contact.at, kind: 'attempt' };
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

/** The wait before the next look for missing facts: doubled with each look of the message. */
function awaitRetry(rules: LastLookRules, message: LookedAtMessage): Duration {
  const first = rules.awaitAccountRetry.toMillis();
  const max = (rules.awaitAccountRetryMax ?? rules.awaitAccountRetry).toMillis();
  const looks = message.claims ?? 1;
  return Duration.fromMillis(Math.min(max, first * 2 ** Math.min(30, Math.max(0, looks - 1))));
}
