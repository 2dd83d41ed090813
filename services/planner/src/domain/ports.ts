import type {
  OutreachCancelledV1,
  OutreachChannel,
  OutreachPlannedV1,
  Purpose,
  OutreachSuppressedV1,
} from '@kindly/contracts';

export type MessageStatus = 'planned' | 'cancelled';

/** A message the planner planned, as it remembers it. */
export interface LoggedMessage {
  readonly messageId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly cycleId: string;
  readonly stage: number;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  /** The earliest instant the message may be sent (UTC ISO-8601). */
  readonly plannedFor: string;
  readonly status: MessageStatus;
  /** False between claiming the message and publishing it: a crash there is finished later. */
  readonly published: boolean;
  /** What became of it, once final: the stage's fallback reads it. Absent: still pending. */
  readonly outcome?: MessageOutcome;
  /**
   * When a provider first took it, or an agent first called: the attempt the frequency caps
   * count, and the one the facts a wording states count (see `contactsOf`).
   */
  readonly sentAt?: string;
  /**
   * Cancelled by the scheduler at release because a channel it fell back from became eligible
   * (`PREFERRED_CHANNEL`): counted, so that planner and scheduler
   * disagreeing for good cannot re-plan the fallback forever (see `planAccount`).
   */
  readonly supersededAtRelease?: boolean;
}

/**
 * A message's final outcome, as the strategy's fallback reads it. `expired`: an agent-call task
 * nobody worked ended its wait with no call made; the stage moves on as after an undelivered
 * message, but no contact happened.
 */
export type MessageOutcome = 'delivered' | 'undelivered' | 'failed' | 'expired';

/** What a delivery report changes in the log. */
export interface OutcomeUpdate {
  readonly sentAt?: string;
  readonly outcome?: MessageOutcome;
}

/** A plan claimed and not yet published: its event, as first decided, goes out as it is. */
export interface UnpublishedPlan {
  readonly messageId: string;
  readonly event: OutreachPlannedV1;
  /** When it was claimed (wall clock). */
  readonly since: Date;
}

/** What the planner remembers of one account: read once per look at the account. */
export interface AccountLog {
  readonly messages: readonly LoggedMessage[];
  /** The stored events of the account's claimed, unpublished plans. */
  readonly unpublished: readonly UnpublishedPlan[];
}

/** What the planner remembers of what it decided, so that it decides each thing once. */
export interface OutreachLog {
  /** Every message planned for the account, and the plans among them not yet published. */
  accountLog(tenantId: string, accountId: string): Promise<AccountLog>;
  /**
   * Claims the stage's one open slot for a message, before it is published. `taken` when another
   * message of the same account, cycle and stage is open (a concurrent handler planned it).
   */
  claim(
    message: Omit<LoggedMessage, 'status' | 'published'>,
    event: OutreachPlannedV1,
  ): Promise<'claimed' | 'taken'>;
  /** Marks a claimed message published and forgets its stored event. */
  markPublished(messageId: string): Promise<void>;
  /** Every unpublished plan claimed before `before` (wall clock), oldest first. */
  unpublishedBefore(before: Date, limit: number): Promise<readonly UnpublishedPlan[]>;
  /** When the oldest unpublished plan was claimed (wall clock). */
  oldestUnpublished(): Promise<Date | undefined>;
  /** Closes the message's slot, so that the stage can be planned again. */
  markCancelled(messageId: string): Promise<void>;
  /**
   * Marks a planned message cancelled by the scheduler's supersession (`supersededAtRelease`)
   * and closes its slot. `already-cancelled` when it was cancelled already (a redelivery, or the
   * planner withdrew it first); `already-sent` (nothing changed) when the planner knows it went
   * out (a send time or an outcome), which a supersession must never override; undefined when the
   * planner never planned it.
   */
  markSuperseded(messageId: string): Promise<
    | {
        readonly message: LoggedMessage;
        readonly result: 'superseded' | 'already-cancelled' | 'already-sent';
      }
    | undefined
  >;
  /**
   * Records a delivery report: the first send time, and a final outcome, which also closes the
   * message's slot so that the stage's next channel can be planned. The first final outcome
   * stands (a late `delivered` after `undelivered` does not reopen the fallback). Returns the
   * message, or undefined when the planner never planned it.
   */
  recordOutcome(messageId: string, update: OutcomeUpdate): Promise<LoggedMessage | undefined>;
  /** The message planned for an account's cycle, stage and channel, if any. */
  findMessage(
    tenantId: string,
    accountId: string,
    cycleId: string,
    stage: number,
    channel: OutreachChannel,
  ): Promise<LoggedMessage | undefined>;
  /** Whether this suppression (message and reasons) was announced already. */
  suppressionAnnounced(key: string): Promise<boolean>;
  recordSuppression(key: string, messageId: string): Promise<void>;
}

/** The planner's events out. */
export type PlannerEvent = OutreachPlannedV1 | OutreachSuppressedV1 | OutreachCancelledV1;

export interface PlannerEvents {
  publish(events: readonly PlannerEvent[]): Promise<void>;
}
