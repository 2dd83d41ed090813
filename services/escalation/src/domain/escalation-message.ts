import type {
  CancellationReason,
  DeliveryStatus,
  OutreachChannel,
  OutreachReleasedV1,
  Purpose,
} from '@kindly/contracts';
import type { DeliveryRecord } from './delivery-evidence.js';

/** What the escalation service keeps of a released message (from `outreach.released`). */
export interface ReleasedMessage {
  readonly cycleId: string;
  readonly stage: number;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly strategyId: string;
  readonly strategyVersion: number;
  /** When the scheduler released it: the fallback and escalation waits count from here. */
  readonly releasedAt: string;
  readonly releasedEventId: string;
  readonly correlationId: string;
}

/**
 * One message as the escalation service knows it (`escalation-messages`): its release (absent
 * while only an outcome has arrived: topics are not ordered among themselves), what its
 * provider reported, and what became of its fallback.
 */
export interface MessageRecord {
  readonly messageId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly release?: ReleasedMessage | undefined;
  readonly delivery: DeliveryRecord;
  readonly cancelled?: CancellationReason | undefined;
  /** Set once the message's fallback was escalated: nothing more is decided for it. */
  readonly escalatedAt?: string | undefined;
}

export function releasedMessageOf(event: OutreachReleasedV1): ReleasedMessage {
  const p = event.payload;
  return {
    cycleId: p.cycleId,
    stage: p.stage,
    channel: p.channel,
    purpose: p.purpose,
    strategyId: p.strategyId,
    strategyVersion: p.strategyVersion,
    releasedAt: event.occurredAt,
    releasedEventId: event.eventId,
    correlationId: event.correlationId,
  };
}

/** One status report about a message, from a provider (through the tracker) or the agent desk. */
export interface OutcomeReport {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly channel: OutreachChannel;
  readonly status: DeliveryStatus;
  readonly retryable: boolean;
  readonly errorCode?: string | undefined;
  readonly at: string;
}
