import { createEvent, deterministicId, type OutreachEscalatedV1 } from '@kindly/contracts';
import type { Escalation } from './escalation-decisions.js';

/** The account and cycle an escalation is about, and the event that led to it. */
export interface EscalationSubject {
  readonly tenantId: string;
  readonly accountId: string;
  readonly cycleId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/**
 * The `outreach.escalated` event of a decision. Its id is a function of account, cycle, the
 * decision's key (stage and channel, or the arrangement, or the legal hand-off) and reason, so a
 * redelivered event or a restart decides the same event again, which the outbox publishes once.
 */
export function escalatedEvent(
  subject: EscalationSubject,
  escalation: Escalation,
): OutreachEscalatedV1 {
  return createEvent('outreach.escalated', {
    eventId: deterministicId(
      'outreach.escalated',
      subject.tenantId,
      subject.accountId,
      subject.cycleId,
      ...escalation.key,
      escalation.reason,
    ),
    occurredAt: escalation.at,
    correlationId: subject.correlationId,
    causationId: subject.causationId,
    tenantId: subject.tenantId,
    payload: {
      accountId: subject.accountId,
      cycleId: subject.cycleId,
      from: escalation.from,
      to: escalation.to,
      reason: escalation.reason,
      detail: escalation.detail,
    },
  });
}
