/**
 * What the outreach events share: which planned message they are about. The planner fixes it
 * once (`messageId` is a deterministic id of account, cycle, stage and channel), and every later
 * event about the message repeats it, so that each consumer can act without a look-up.
 */
import { z } from 'zod';
import { AccountId, Identifier, OutreachChannel, Stage } from '../primitives.js';

/** Spread into an outreach event's payload: which message, for the channel-specific events. */
export const messageKey = {
  accountId: AccountId,
  messageId: Identifier.describe('Deterministic: the same account, cycle, stage and channel'),
  cycleId: Identifier,
  stage: Stage,
};

/** Spread into an outreach event's payload: which message, on which channel. */
export const messageRef = { ...messageKey, channel: OutreachChannel };

/**
 * Why a message is not sent, as a code a machine can count and a compliance officer can look up.
 * Adding a code is a minor version; consumers must treat an unknown code as a suppression.
 */
export const SuppressionReason = z.enum([
  'NO_CONSENT',
  'OPTED_OUT',
  'DISPUTE',
  'BANKRUPTCY',
  'DECEASED',
  'CEASE_COMMUNICATION',
  'ATTORNEY_REPRESENTED',
  'LEGAL_HOLD',
  'CURED',
  'PAID',
  'PROMISE_PENDING',
  'PLAN_ACTIVE',
  'CAP_REACHED',
  'OUTSIDE_WINDOW',
  'NO_WINDOW',
  /** The policy never allows this channel and purpose here (no hours, or a cap of 0). */
  'NEVER_ALLOWED',
  'HOLIDAY',
  'NO_ADDRESS',
  'INVALID_ADDRESS',
  'DO_NOT_CONTACT_AT_WORK',
  'STALE_EVENT',
  'NEWER_STAGE',
]);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

/** A short explanation for people. Never personal data: events are kept and replayed. */
export const Detail = z.string().min(1).max(500);
