import type {
  CancellationReason,
  OutreachCancelledV1,
  OutreachPlannedV1Payload,
  OutreachReleasedV1,
} from '@kindly/contracts';

/** Where a planned message is in the scheduler's hands. */
export type ScheduleState = 'waiting' | 'claimed' | 'released' | 'cancelled';

/**
 * A planned message as the scheduler keeps it: the plan itself, where it came from (for the
 * events that follow it), and the window the last look last agreed to. `earliestSendAt` and
 * `latestSendAt` start as the planner's and move only when the last look finds the message
 * outside its window (after an outage, a new holiday, a cap) and re-slots it.
 */
export interface ScheduledMessage {
  readonly tenantId: string;
  readonly plan: OutreachPlannedV1Payload;
  readonly plannedEventId: string;
  readonly correlationId: string;
  /** UTC ISO-8601; the plan's own, or the last re-slot's. */
  readonly earliestSendAt: string;
  readonly latestSendAt: string;
  /** How many times the window was moved. */
  readonly reslots: number;
}

/** A message this replica holds the lease on, for one release attempt. */
export interface ClaimedMessage extends ScheduledMessage {
  /** How many times it was claimed, this claim included (a deferred message is claimed again). */
  readonly claims: number;
  /** Claimed from a replica whose lease ran out (it died or stalled), not from the waiting room. */
  readonly takenOver: boolean;
  /** The claim round that holds it: a verdict is recorded only under this token. */
  readonly claimToken: string;
  /**
   * The verdict an earlier claim recorded before publishing it, and may have published before it
   * died: this claim publishes the same event again instead of looking again.
   */
  readonly recorded?: RecordedVerdict;
}

/**
 * A release or cancellation recorded on its claim before it is published (the message's outbox):
 * once it may be out, it is the message's only outcome, whoever settles the claim.
 */
export type RecordedVerdict =
  | { readonly kind: 'release'; readonly event: OutreachReleasedV1 }
  | { readonly kind: 'cancel'; readonly event: OutreachCancelledV1 };

/** What the last look decided for one claimed message. */
export type ReleaseVerdict =
  | { readonly kind: 'release'; readonly latestSendAt: string }
  | {
      readonly kind: 'defer';
      /** Not before this instant (UTC ISO-8601). */
      readonly until: string;
      readonly reason: DeferReason;
      /** The new window, when the message was re-slotted. */
      readonly window?: { readonly earliestSendAt: string; readonly latestSendAt: string };
    }
  | { readonly kind: 'cancel'; readonly reason: CancellationReason; readonly detail?: string };

/**
 * Why a due message waits longer: its window passed or moved (`RESLOTTED`), a frequency cap is
 * full, the scheduler has not yet seen the bank's events for the account (Kafka orders events
 * per topic, so a plan can arrive before the facts it was made from), or its channel's releases
 * are spread at the provider's rate (`PACED`: see ReleasePacer).
 */
export type DeferReason = 'RESLOTTED' | 'CAP_REACHED' | 'AWAITING_ACCOUNT' | 'PACED';

/** A message released earlier, as the frequency caps count it. */
export interface ReleasedContact {
  readonly channel: OutreachPlannedV1Payload['channel'];
  readonly purpose: OutreachPlannedV1Payload['purpose'];
  /** When it was released (UTC ISO-8601). */
  readonly at: string;
}
