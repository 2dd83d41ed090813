/**
 * Every write through the operator API is recorded in the audit: an `operator.action` event (who,
 * what, when, why) that the audit service chains like every other event, into the account's
 * chain or, for an action on no one account, the operations chain. Recorded after the change took
 * effect and before the answer: a caller told "done" can find it in the audit.
 */
import {
  createEvent,
  deterministicId,
  OPERATIONS_ACCOUNT,
  type OperatorActionKind,
  type OperatorActionV1,
  type OperatorActionV1Payload,
} from '@kindly/contracts';
import type { Principal } from '../http/principal.js';

export interface OperatorAction {
  readonly action: OperatorActionKind;
  readonly subject: OperatorActionV1Payload['subject'];
  /** The tenant and account acted on; absent, the operations chain. */
  readonly account?: { readonly tenantId: string; readonly accountId: string };
  readonly reason?: string;
  /** What exactly, where the subject does not say it (an export's filters). */
  readonly details?: Readonly<Record<string, string>>;
}

export interface ActionLog {
  /** @param actionId one per request: a retried publish of the same action is kept once. */
  record(principal: Principal, action: OperatorAction, actionId: string, at: Date): Promise<void>;
}

export function operatorActionEvent(
  principal: Principal,
  action: OperatorAction,
  actionId: string,
  at: Date,
): OperatorActionV1 {
  const eventId = deterministicId('operator.action', actionId);
  const instant = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  return createEvent('operator.action', {
    eventId,
    occurredAt: instant,
    correlationId: eventId,
    causationId: null,
    tenantId: action.account?.tenantId ?? OPERATIONS_ACCOUNT,
    payload: {
      accountId: action.account?.accountId ?? OPERATIONS_ACCOUNT,
      actor: { keyId: principal.keyId, label: principal.label, role: principal.role },
      action: action.action,
      subject: action.subject,
      ...(action.reason !== undefined ? { reason: action.reason } : {}),
      ...(action.details !== undefined ? { details: { ...action.details } } : {}),
      at: instant,
    },
  });
}

export function kafkaActionLog(publish: (events: OperatorActionV1[]) => Promise<void>): ActionLog {
  return {
    record: (principal, action, actionId, at) =>
      publish([operatorActionEvent(principal, action, actionId, at)]),
  };
}
