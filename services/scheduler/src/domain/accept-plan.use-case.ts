import { DateTime, type Duration } from 'luxon';
import type { OutreachPlannedV1 } from '@kindly/contracts';
import type { ScheduleStore, SchedulerEvents } from './ports.js';
import { cancelledEvent } from './scheduler-events.js';
import type { ScheduledMessage } from './scheduled-message.js';

export interface AcceptPlanDeps {
  readonly store: ScheduleStore;
  readonly events: SchedulerEvents;
  /**
   * How long a plan that fell back from a preferred channel (`passedOver`) waits at least after
   * the scheduler took it in, so that a fact of the same instant (the consent that makes the
   * text allowed) still on its way can reach the last look first. Zero or absent: not held.
   */
  readonly fallbackHold?: Duration;
}

/**
 * Takes a planned message into the waiting room, once; a fallback (`passedOver`) first due no
 * earlier than `fallbackHold` after now (see heldUntil). A plan for a later stage of the same
 * cycle stops what still waits from earlier stages (`NEWER_STAGE`): the customer gets the current
 * message, not a stale reminder before it. The cancellation is published before it is recorded,
 * so a crash in between announces it again, with the same id, rather than never.
 */
export async function acceptPlan(
  deps: AcceptPlanDeps,
  event: OutreachPlannedV1,
  now: DateTime,
): Promise<'accepted' | 'known'> {
  const plan = event.payload;
  const message: ScheduledMessage = {
    tenantId: event.tenantId,
    plan,
    plannedEventId: event.eventId,
    correlationId: event.correlationId,
    earliestSendAt: heldUntil(plan, deps.fallbackHold, now),
    latestSendAt: plan.latestSendAt,
    reslots: 0,
  };
  const outcome = await deps.store.accept(message);
  // Stage 1 has no earlier stage: no need to look (a scan on the Docker-less servers).
  if (plan.campaignId !== undefined || plan.stage <= 1) return outcome;
  const older = await deps.store.waitingBefore(
    event.tenantId,
    plan.accountId,
    plan.cycleId,
    plan.stage,
  );
  for (const stale of older) {
    if (stale.plan.campaignId !== undefined) continue;
    await deps.events.publishCancelled([
      cancelledEvent(stale, 'NEWER_STAGE', now, `stage ${plan.stage} was planned`),
    ]);
    await deps.store.cancel(stale.plan.messageId, 'NEWER_STAGE', iso(now));
  }
  return outcome;
}

/**
 * When a plan is first due: its own earliest instant, or, for a fallback (a plan with channels
 * passed over), no earlier than the hold after `now`, the instant the scheduler took it in. From
 * the scheduler's receipt, not from the plan's `occurredAt`: the hold is for the scheduler's own
 * reading of the bank's topics, so a scheduler that reads a backlog late (a restart, a lag)
 * still gives a consent in the same backlog its moment, which a hold counted from an instant
 * already past would not; and no clock of the planner's is compared with the scheduler's. On the
 * business clock, as every due time is. Plans that passed nothing over (nearly all) are not held.
 */
function heldUntil(
  plan: OutreachPlannedV1['payload'],
  hold: Duration | undefined,
  now: DateTime,
): string {
  if (plan.passedOver === undefined || hold === undefined || hold.toMillis() <= 0) {
    return plan.earliestSendAt;
  }
  const held = now.plus(hold);
  return held > DateTime.fromISO(plan.earliestSendAt, { zone: 'utc' })
    ? iso(held)
    : plan.earliestSendAt;
}

function iso(at: DateTime): string {
  return at.toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}
