import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { AccountId, Identifier, OutreachChannel, Stage } from '../primitives.js';
import { Detail } from './outreach-common.js';

/**
 * Why the escalation service moved an account on. `TASK_EXPIRED`: an agent-call task ended its
 * wait with no call made (nobody worked it), which is not a failed call: nothing was attempted.
 * Added in 1.1 (a compatible addition); a consumer treats a reason it does not know as a move on
 * that records nothing about the message's delivery.
 */
export const EscalationReason = z.enum([
  'NO_PAYMENT',
  'DELIVERY_FAILED',
  'TASK_EXPIRED',
  'NO_REACHABLE_ADDRESS',
  'PROMISE_BROKEN',
  'PLAN_BROKEN',
  'CUSTOMER_REQUEST',
  'STAGES_EXHAUSTED',
]);
export type EscalationReason = z.infer<typeof EscalationReason>;

/** Where an account is handed: another channel, an agent's queue, or legal. */
export const EscalationTarget = z.enum([...OutreachChannel.options, 'agent', 'legal']);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

/** From the escalation service: an account moves to another channel, a firmer stage, or people. */
export const OutreachEscalatedV1Payload = z.strictObject({
  accountId: AccountId,
  cycleId: Identifier,
  from: z.strictObject({ stage: Stage, channel: OutreachChannel }),
  to: z.strictObject({ stage: Stage, channel: EscalationTarget }),
  reason: EscalationReason,
  detail: Detail.optional(),
});
export type OutreachEscalatedV1Payload = z.infer<typeof OutreachEscalatedV1Payload>;

export const OutreachEscalatedV1 = eventSchema('outreach.escalated', 1, OutreachEscalatedV1Payload);
export type OutreachEscalatedV1 = z.infer<typeof OutreachEscalatedV1>;
