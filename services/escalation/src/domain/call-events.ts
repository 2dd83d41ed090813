import {
  createEvent,
  deterministicId,
  DeliveryOutcomeV1,
  topicCatalog,
  type DeliveryStatus,
  type Money,
} from '@kindly/contracts';
import type { AgentTask, CallOutcome, CallRecord } from './agent-task.js';
import type { OutgoingEvent } from './ports.js';

/** What an agent reports: the outcome, its instant, and for a promise the date and amount. */
export type CallReport =
  | {
      readonly outcome: Exclude<CallOutcome, 'promise-to-pay'>;
      readonly at: string;
    }
  | {
      readonly outcome: 'promise-to-pay';
      readonly at: string;
      readonly promisedDate: string;
      readonly amount: Money;
    };

/** A call as a delivery status: answered is delivered, unanswered undelivered, a wrong number failed. */
export function callStatusOf(outcome: CallOutcome): {
  readonly status: DeliveryStatus;
  readonly retryable: boolean;
  readonly errorCode?: string;
} {
  switch (outcome) {
    case 'no-answer':
      return { status: 'undelivered', retryable: true };
    case 'conversation':
    case 'promise-to-pay':
    case 'dispute':
      return { status: 'delivered', retryable: false };
    case 'wrong-number':
      return { status: 'failed', retryable: false, errorCode: 'WRONG_NUMBER' };
  }
}

/**
 * The events one reported call produces. The agent desk acts for the bank's own systems here: a
 * promise to pay is an `account.arrangement` (made), a dispute an `account.status` (dispute set),
 * as the bank's core system would send them. Every id derives from the call, so a report sent
 * twice produces the same events.
 *
 * The call's `delivery.outcome` (channel `agent-call`, for the planner's call caps) is included
 * only when the contract takes that channel: `delivery.outcome` v1 allows sms, email and letter.
 */
export function callEvents(task: AgentTask, call: CallRecord, report: CallReport): OutgoingEvent[] {
  const envelope = {
    occurredAt: call.at,
    correlationId: task.correlationId,
    causationId: task.eventId,
    tenantId: task.tenantId,
  };
  const events: OutgoingEvent[] = [];
  const outcome = DeliveryOutcomeV1.safeParse({
    ...envelope,
    eventId: deterministicId('delivery.outcome', task.messageId, 'agent-desk', call.callId),
    type: 'delivery.outcome',
    schemaVersion: topicCatalog['delivery.outcome'].schemaVersion,
    payload: {
      accountId: task.accountId,
      messageId: task.messageId,
      attempt: call.attempt,
      channel: 'agent-call',
      provider: 'agent-desk',
      providerMessageId: call.callId,
      ...callStatusOf(call.outcome),
      at: call.at,
    },
  });
  if (outcome.success) events.push(outcome.data);
  if (report.outcome === 'promise-to-pay') {
    events.push(
      createEvent('account.arrangement', {
        ...envelope,
        eventId: deterministicId('account.arrangement', 'agent-desk', call.callId),
        payload: {
          accountId: task.accountId,
          arrangementId: deterministicId('promise-to-pay', call.callId),
          status: 'made',
          kind: 'promise-to-pay',
          promisedDate: report.promisedDate,
          amount: { amountMinor: report.amount.amountMinor, currency: report.amount.currency },
        },
      }),
    );
  }
  if (report.outcome === 'dispute') {
    events.push(
      createEvent('account.status', {
        ...envelope,
        eventId: deterministicId('account.status', 'agent-desk', call.callId),
        payload: {
          accountId: task.accountId,
          set: ['dispute'],
          cleared: [],
          effectiveAt: call.at,
          reference: `agent-desk:call:${call.callId}`,
        },
      }),
    );
  }
  return events;
}

/** Whether `delivery.outcome` v1 takes calls yet (see `callEvents`). */
export function contractTakesCallOutcomes(): boolean {
  return DeliveryOutcomeV1.shape.payload.shape.channel.safeParse('agent-call').success;
}
