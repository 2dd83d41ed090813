import type { DateTime } from 'luxon';
import {
  channelsBarredBy,
  twilioUnreachableReason,
  type UnreachableReason,
} from '@kindly/contracts';
import {
  applyOutcome,
  type ApplyOutcomeDeps,
  type ApplyVerdict,
} from './apply-outcome.use-case.js';
import type { ContactDirectory } from './ports.js';
import { outcomeEventId } from './tracker-events.js';
import { mapTwilioStatus } from './twilio-status.js';
import { unreachableEvent } from './unreachable-event.js';
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
  /** Twilio's `To`: the number the message was sent to (signed with the rest). */
  readonly to?: string;
}

export interface SmsStatusDeps extends ApplyOutcomeDeps {
  readonly directory: ContactDirectory;
}

export type SmsStatusVerdict = ApplyVerdict | 'not-tracked';

/**
 * A status callback → `delivery.outcome`, if it moves the message forward. A failure whose code
 * says the number cannot take texts (the Twilio table in @kindly/contracts: 30005 unknown
 * number, 30006 landline, …; not 30004) also makes the number unreachable, on every account
 * that has it: published whenever such a callback comes, so that the same callback again
 * publishes the same events (their ids are the report's) if the first publish was lost.
 */
export async function recordSmsStatus(
  deps: SmsStatusDeps,
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
  const { verdict, record } = await applyOutcome(deps, seed, mapped, utcText(now));
  const reason = twilioUnreachableReason(mapped.errorCode);
  if (reason !== undefined) {
    const outcomeId = outcomeEventId(record.messageId, record.attempt, mapped.status);
    // When the provider reported it, as the outcome says: the same callback, the same event.
    const at = record.statusAt ?? utcText(now);
    await markUnreachable(deps, report, {
      reason,
      at,
      outcomeId,
      correlationId: record.correlationId,
    });
  }
  return verdict;
}

/**
 * The number the failed text went to: Twilio's `To`, if the account has it. A callback without
 * `To` marks nothing: the number the planner would pick now may not be the one the text went to
 * (the contact may have changed since), and a guess would bar a good number at every tenant. A
 * `To` the account no longer has marks nothing either: the contact changed since.
 */
async function markUnreachable(
  deps: SmsStatusDeps,
  report: SmsStatusReport,
  failure: {
    readonly reason: UnreachableReason;
    readonly at: string;
    readonly outcomeId: string;
    readonly correlationId: string;
  },
): Promise<void> {
  if (report.to === undefined) return;
  const known = await deps.directory.contactOf(report.tenantId, report.accountId);
  if (!known) return;
  const number = known.contact.phones.find((p) => p.number === report.to)?.number;
  if (number === undefined) return;
  const { reason, at } = failure;
  const found = {
    reason,
    cause: `twilio-status:${report.messageId}/${String(report.attempt)}`,
    ...(report.providerMessageId ? { evidenceRef: `twilio-sms:${report.providerMessageId}` } : {}),
    ...(report.errorCode ? { errorCode: report.errorCode } : {}),
    at,
    correlationId: failure.correlationId,
    causationId: failure.outcomeId,
  };
  const accounts = await deps.directory.withPhone(number);
  const events = accounts.flatMap((other) =>
    channelsBarredBy(reason).map((channel) => unreachableEvent(other, channel, number, found)),
  );
  await deps.events.publishUnreachable(events);
}
