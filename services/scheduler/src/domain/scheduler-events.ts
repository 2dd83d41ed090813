import type { DateTime } from 'luxon';
import {
  createEvent,
  deterministicId,
  type CancellationReason,
  type OutreachCancelledV1,
  type OutreachReleasedV1,
} from '@kindly/contracts';
import type { PlannedStepFacts } from './planned-step.js';
import type { ScheduledMessage } from './scheduled-message.js';

function envelope(message: ScheduledMessage, eventId: string, now: DateTime) {
  return {
    eventId,
    occurredAt: now.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
    correlationId: message.correlationId,
    causationId: message.plannedEventId,
    tenantId: message.tenantId,
  };
}

/**
 * The release of a message. Its id depends on the message only: a replica that takes over a
 * release whose first publish got through (and crashed before recording it) publishes the same
 * event again, which every consumer drops as a duplicate. It carries the plan's step (template
 * kind, notice or not) and window zones forward, for the dispatcher's last look, and what the
 * plan was made from (policy version and hash, strategy hash), for the audit: as the plan said,
 * never filled in from the rules this scheduler loaded, which may be newer.
 */
export function releasedEvent(
  message: ScheduledMessage,
  latestSendAt: string,
  now: DateTime,
  step: PlannedStepFacts = {},
): OutreachReleasedV1 {
  const { plan } = message;
  return createEvent('outreach.released', {
    ...envelope(message, deterministicId('outreach.released', plan.messageId), now),
    payload: {
      accountId: plan.accountId,
      messageId: plan.messageId,
      cycleId: plan.cycleId,
      stage: plan.stage,
      channel: plan.channel,
      templateId: plan.templateId,
      locale: plan.locale,
      purpose: plan.purpose,
      ...(plan.variant !== undefined ? { variant: plan.variant } : {}),
      ...(plan.campaignId !== undefined ? { campaignId: plan.campaignId } : {}),
      ...(plan.offers !== undefined ? { offers: plan.offers } : {}),
      ...(plan.paymentReference !== undefined ? { paymentReference: plan.paymentReference } : {}),
      strategyId: plan.strategyId,
      strategyVersion: plan.strategyVersion,
      ...(plan.strategyHash !== undefined ? { strategyHash: plan.strategyHash } : {}),
      ...(plan.policyVersion !== undefined ? { policyVersion: plan.policyVersion } : {}),
      ...(plan.policyHash !== undefined ? { policyHash: plan.policyHash } : {}),
      reasons: plan.reasons,
      latestSendAt,
      ...(step.templateKind !== undefined ? { templateKind: step.templateKind } : {}),
      ...(step.notice !== undefined ? { notice: step.notice } : {}),
      windowZones: plan.window.zones,
    },
  });
}

/**
 * The cancellation of a message. The planner derives the same id for the same message, so a
 * message cancelled by both (a payment seen by each) is one fact downstream.
 */
export function cancelledEvent(
  message: ScheduledMessage,
  reason: CancellationReason,
  now: DateTime,
  detail?: string,
): OutreachCancelledV1 {
  const { plan } = message;
  return createEvent('outreach.cancelled', {
    ...envelope(message, deterministicId('outreach.cancelled', plan.messageId), now),
    payload: {
      accountId: plan.accountId,
      messageId: plan.messageId,
      cycleId: plan.cycleId,
      stage: plan.stage,
      channel: plan.channel,
      reason,
      ...(detail !== undefined ? { detail } : {}),
    },
  });
}
