import type { DateTime } from 'luxon';
import {
  applyOutcome,
  type ApplyOutcomeDeps,
  type ApplyVerdict,
} from './apply-outcome.use-case.js';
import { mapTwilioStatus } from './twilio-status.js';
import { utcText } from './utc-text.js';

/**
 * A Twilio status callback whose signature checked out. The ids come from the callback URL's
 * query, which the dispatcher wrote and Twilio signed with the rest.
 */
export interface SmsStatusReport {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly attempt: number;
  /** Twilio's MessageSid. */
  readonly providerMessageId?: string;
  /** Twilio's MessageStatus, e.g. `delivered`. */
  readonly messageStatus: string;
  readonly errorCode?: string;
}

export type SmsStatusVerdict = ApplyVerdict | 'not-tracked';

/** A status callback → `delivery.outcome`, if it moves the message forward. */
export async function recordSmsStatus(
  deps: ApplyOutcomeDeps,
  report: SmsStatusReport,
  now: DateTime,
): Promise<SmsStatusVerdict> {
  const mapped = mapTwilioStatus(report.messageStatus, report.errorCode);
  if (!mapped) return 'not-tracked';
  const seed = {
    tenantId: report.tenantId,
    accountId: report.accountId,
    messageId: report.messageId,
    attempt: report.attempt,
    channel: 'sms' as const,
    provider: 'twilio',
    ...(report.providerMessageId ? { providerMessageId: report.providerMessageId } : {}),
    // Until the dispatcher's `accepted` outcome arrives, the message is its own chain.
    correlationId: report.messageId,
    causationId: null,
  };
  const { verdict } = await applyOutcome(deps, seed, mapped, utcText(now));
  return verdict;
}
