import type { DateTime } from 'luxon';
import type {
  AccountArrangementV1,
  AccountStatusV1,
  AgentTaskV1,
  CancellationReason,
  DeliveryOutcomeV1,
  OutreachEscalatedV1,
} from '@kindly/contracts';
import type { AgentTask, CallRecord } from './agent-task.js';
import type { SettleReason } from './escalation-decisions.js';
import type { Evidence } from './delivery-evidence.js';
import type { MessageRecord, OutcomeReport, ReleasedMessage } from './escalation-message.js';

/** The timers a released message starts: its fallback wait, and (final notice) legal's wait. */
export interface MessageTimers {
  readonly fallbackDueAt?: Date | undefined;
  readonly legalDueAt?: Date | undefined;
}

export type ReleaseResult = 'new' | 'duplicate';

/** The released messages (`escalation-messages`), one per message id. */
export interface MessageStore {
  /** Keeps a release once; a release that follows its cancellation starts no timers. */
  recordRelease(
    key: { readonly messageId: string; readonly tenantId: string; readonly accountId: string },
    release: ReleasedMessage,
    timers: MessageTimers,
  ): Promise<ReleaseResult>;
  /** Adds a status report's evidence (the first instant of each kind is kept). */
  recordOutcome(report: OutcomeReport, evidence: Evidence): Promise<void>;
  /** Stops a message's timers: the scheduler withdrew it. */
  recordCancellation(
    key: { readonly messageId: string; readonly tenantId: string; readonly accountId: string },
    reason: CancellationReason,
  ): Promise<void>;
  get(messageId: string): Promise<MessageRecord | undefined>;
  /** Released messages of one account (all cycles, newest release first), for history and `from`. */
  ofAccount(tenantId: string, accountId: string): Promise<MessageRecord[]>;
  /** Messages whose fallback wait is due at `now`. */
  dueFallbacks(now: Date, limit: number): Promise<MessageRecord[]>;
  /** Final notices whose wait for legal is due at `now`. */
  dueLegal(now: Date, limit: number): Promise<MessageRecord[]>;
  /** Moves the fallback's timer, or ends it (escalated or settled). */
  updateFallback(
    messageId: string,
    next:
      | { readonly kind: 'wait'; readonly until: Date }
      | { readonly kind: 'settle'; readonly why: SettleReason }
      | { readonly kind: 'escalated'; readonly at: string },
  ): Promise<void>;
  updateLegal(
    messageId: string,
    next:
      | { readonly kind: 'wait'; readonly until: Date }
      | { readonly kind: 'done'; readonly why: SettleReason | 'ESCALATED' },
  ): Promise<void>;
}

/** Everything this service publishes. */
export type OutgoingEvent =
  OutreachEscalatedV1 | AgentTaskV1 | DeliveryOutcomeV1 | AccountArrangementV1 | AccountStatusV1;

/**
 * Publishes each event once, however often it is decided: the event is kept under its id first
 * and marked once the broker has it, so a restart between the two publishes the stored event
 * again (same id, same content), and a later decision of the same event publishes nothing.
 */
export interface EventOutbox {
  /** @returns how many of the events were published now (not already published before). */
  publishOnce(events: readonly OutgoingEvent[]): Promise<number>;
}

export type AddCallResult =
  | { readonly kind: 'added'; readonly task: AgentTask }
  | { readonly kind: 'exists'; readonly task: AgentTask }
  | { readonly kind: 'conflict' };

/** The agents' tasks (`agent-tasks`), one per released call message. */
export interface TaskStore {
  /** Keeps a task once; `false` when it was already there. */
  create(task: AgentTask): Promise<boolean>;
  get(taskId: string): Promise<AgentTask | undefined>;
  list(status: AgentTask['status'], limit: number): Promise<AgentTask[]>;
  /**
   * The open tasks, oldest first, that list a window holding `at` (and may list more: the caller
   * checks each with `windowAt`), at most `limit` of them.
   */
  openInWindowAt(at: DateTime, limit: number): Promise<AgentTask[]>;
  ofAccount(tenantId: string, accountId: string): Promise<AgentTask[]>;
  /**
   * Adds a call if the task still has `expectedCalls` calls (another report in between makes it
   * a conflict, to be checked again), closing the task when `close` is given.
   */
  addCall(
    taskId: string,
    call: CallRecord,
    expectedCalls: number,
    close: string | undefined,
  ): Promise<AddCallResult>;
  close(taskId: string, reason: string): Promise<void>;
}
