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
}

/** What the planner remembers of what it decided, so that it decides each thing once. */
export interface OutreachLog {
  messagesOf(tenantId: string, accountId: string): Promise<readonly LoggedMessage[]>;
  /**
   * Claims the stage's one open slot for a message, before it is published. `taken` when another
   * message of the same account, cycle and stage is open (a concurrent handler planned it).
   */
  claim(message: Omit<LoggedMessage, 'status' | 'published'>): Promise<'claimed' | 'taken'>;
  markPublished(messageId: string): Promise<void>;
  /** Closes the message's slot, so that the stage can be planned again. */
  markCancelled(messageId: string): Promise<void>;
  /** Whether this suppression (message and reasons) was announced already. */
  suppressionAnnounced(key: string): Promise<boolean>;
  recordSuppression(key: string, messageId: string): Promise<void>;
}

/** The planner's events out. */
export type PlannerEvent = OutreachPlannedV1 | OutreachSuppressedV1 | OutreachCancelledV1;

export interface PlannerEvents {
  publish(events: readonly PlannerEvent[]): Promise<void>;
}
