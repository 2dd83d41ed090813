import type {
  OutreachCancelledV1,
  OutreachReleasedV1,
  CancellationReason,
} from '@kindly/contracts';
import type { AccountState } from '@kindly/rules';
import type {
  ClaimedMessage,
  RecordedVerdict,
  ReleasedContact,
  ScheduledMessage,
} from './scheduled-message.js';

/** How a claimed message leaves this replica's hands. */
export type Settlement =
  | { readonly state: 'released'; readonly at: string; readonly latestSendAt: string }
  | {
      readonly state: 'cancelled';
      readonly at: string;
      readonly reason: CancellationReason;
      readonly detail?: string;
    }
  | {
      readonly state: 'waiting';
      readonly until: string;
      readonly window?: { readonly earliestSendAt: string; readonly latestSendAt: string };
    };

/**
 * The waiting room. Claims are leases: a claim gives one replica the message until the lease runs
 * out (on the wall clock: a lease is about a process staying alive, not about business time),
 * after which any replica may take it over. Every settlement is conditional on still holding the
 * claim, so a replica that lost its lease (a long pause) cannot overwrite a newer outcome.
 */
export interface ScheduleStore {
  /** Keeps a plan, once: `known` when the message is stored, or was cancelled before it came. */
  accept(message: ScheduledMessage): Promise<'accepted' | 'known'>;
  /** The waiting collection messages of an account's cycle planned for an earlier stage. */
  waitingBefore(
    tenantId: string,
    accountId: string,
    cycleId: string,
    stage: number,
  ): Promise<readonly ScheduledMessage[]>;
  /**
   * Cancels a message that is waiting, or claimed with no verdict recorded yet; `final` when it
   * was released or cancelled already, or its claim recorded a verdict (which may be out); an
   * unknown message is remembered as cancelled, so that its plan, arriving later on its own
   * topic, is never scheduled.
   */
  cancel(
    messageId: string,
    reason: CancellationReason,
    at: string,
  ): Promise<'cancelled' | 'final' | 'remembered'>;
  /** Claims up to `max` messages due at `now`, expired claims of other replicas first. */
  claimDue(now: string, max: number): Promise<readonly ClaimedMessage[]>;
  /**
   * Records each verdict on its message while the round's claim still holds it (one write for the
   * round), before anything is published; returns the ids of the messages it was recorded on. A
   * message whose claim was lost (taken over, or cancelled meanwhile) records nothing and must
   * not be published.
   */
  recordVerdicts(
    verdicts: readonly (readonly [message: ClaimedMessage, verdict: RecordedVerdict])[],
  ): Promise<ReadonlySet<string>>;
  /**
   * Settles claimed messages, each only while the round's claim (its token) still holds it;
   * returns how many were no longer held (another round took the claim over after the lease ran
   * out, be it another replica or one of the same name), whose settlement was therefore refused.
   */
  settle(
    settlements: readonly (readonly [message: ClaimedMessage, settlement: Settlement])[],
  ): Promise<number>;
  /**
   * What was released since `since` to each of these accounts (key: `tenantId:accountId`), for
   * the caps, whose longest window is well inside the lookback the caller chooses; releases
   * recorded on claims not settled yet (which may be out) included.
   */
  releasedTo(
    accounts: readonly { tenantId: string; accountId: string }[],
    since: string,
  ): Promise<ReadonlyMap<string, readonly ReleasedContact[]>>;
}

/** The scheduler's own copy of the accounts' states (key: `tenantId:accountId`). */
export interface AccountStates {
  loadMany(
    accounts: readonly { tenantId: string; accountId: string }[],
  ): Promise<ReadonlyMap<string, AccountState>>;
}

export interface SchedulerEvents {
  publishReleased(events: readonly OutreachReleasedV1[]): Promise<void>;
  publishCancelled(events: readonly OutreachCancelledV1[]): Promise<void>;
}

export const accountKey = (tenantId: string, accountId: string): string =>
  `${tenantId}:${accountId}`;
