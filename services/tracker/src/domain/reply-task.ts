/**
 * A customer's reply that a person must read and answer: what it said, what the rules took it
 * for, whose number it came from (within the tenant whose number received it). The text is
 * personal data: it is kept here, for the desk, and never logged nor put in an event.
 */
import { deterministicId } from '@kindly/contracts';
import type { ReplyLocale } from './sms-keywords.js';
import type { ReplyCategory } from './reply-classification.js';

export type ReplyTaskCategory = Exclude<ReplyCategory, 'opt-out'>;

export interface ReplyTask {
  /** One per inbound message and tenant: the provider's retry finds the same task. */
  readonly taskId: string;
  readonly tenantId: string;
  /** The tenant's accounts with the number (none when the number is not one the bank gave us). */
  readonly accountIds: readonly string[];
  readonly category: ReplyTaskCategory;
  /** The reply as the customer wrote it. */
  readonly text: string;
  readonly locale: ReplyLocale;
  /** The provider's id of the inbound message (Twilio's MessageSid). */
  readonly inboundId: string;
  /** The number's last four digits: enough to tell two replies apart, not to dial. */
  readonly maskedFrom: string;
  /** When the reply came in (UTC ISO). */
  readonly receivedAt: string;
  readonly status: 'open' | 'closed';
  /** When an agent marked it dealt with (UTC ISO). */
  readonly closedAt?: string;
}

export function replyTaskId(tenantId: string, inboundId: string): string {
  return deterministicId('reply-task', tenantId, inboundId);
}

/** `+15551234567` → `•••4567`. */
export function maskNumber(number: string): string {
  return `•••${number.replace(/\D/g, '').slice(-4)}`;
}
