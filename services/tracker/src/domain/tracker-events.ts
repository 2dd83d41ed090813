/**
 * The events the tracker publishes, with deterministic ids: the same report (a callback Twilio
 * sends twice, a DSN that comes again, a second click) yields the same event, which consumers
 * keep once.
 */
import {
  createEvent,
  deterministicId,
  Reference,
  type ConsentBasis,
  type ConsentSource,
  type EventOf,
  type Purpose,
} from '@kindly/contracts';
import type { TrackedStatus } from './delivery-progress.js';
import type { DeliveryRecord, KnownContact } from './ports.js';

/** The id of an attempt's outcome: one per message, attempt and status. */
export function outcomeEventId(messageId: string, attempt: number, status: TrackedStatus): string {
  return deterministicId('delivery.outcome', messageId, String(attempt), status);
}

export interface ReportedOutcome {
  readonly status: TrackedStatus;
  readonly retryable: boolean;
  readonly errorCode?: string;
}

export function outcomeEvent(
  record: DeliveryRecord,
  outcome: ReportedOutcome,
  at: string,
): EventOf<'delivery.outcome'> {
  return deliveryOutcome(
    record,
    outcome,
    at,
    outcomeEventId(record.messageId, record.attempt, outcome.status),
  );
}

/** One `delivery.outcome` about a recorded delivery, under the id its kind of report takes. */
function deliveryOutcome(
  record: DeliveryRecord,
  outcome: Omit<ReportedOutcome, 'status'> & { readonly status: TrackedStatus | 'clicked' },
  at: string,
  eventId: string,
): EventOf<'delivery.outcome'> {
  return createEvent('delivery.outcome', {
    eventId,
    occurredAt: at,
    correlationId: record.correlationId,
    causationId: record.causationId,
    tenantId: record.tenantId,
    payload: {
      accountId: record.accountId,
      messageId: record.messageId,
      attempt: record.attempt,
      channel: record.channel,
      provider: record.provider,
      ...(record.providerMessageId ? { providerMessageId: record.providerMessageId } : {}),
      status: outcome.status,
      retryable: outcome.retryable,
      ...(outcome.errorCode ? { errorCode: outcome.errorCode } : {}),
      at,
    },
  });
}

/** The id of a message's `clicked` outcome: one per message, whichever attempt was clicked. */
export function clickEventId(messageId: string): string {
  return deterministicId('delivery.outcome', messageId, 'clicked');
}

/** `delivery.outcome` `clicked`: the customer followed the message's payment link. */
export function clickEvent(record: DeliveryRecord, at: string): EventOf<'delivery.outcome'> {
  return deliveryOutcome(
    record,
    { status: 'clicked', retryable: false },
    at,
    clickEventId(record.messageId),
  );
}

export const PURPOSES: readonly Purpose[] = ['servicing', 'marketing'];

/** Why consent is withdrawn, and the evidence: which report said so. */
export interface Revocation {
  readonly source: ConsentSource;
  readonly basis: ConsentBasis;
  /** Names the report (inbound message, bounce, link) that caused it; part of the event id. */
  readonly cause: string;
  readonly evidenceRef?: string;
  readonly at: string;
  readonly correlationId: string;
  readonly causationId: string | null;
}

/** `contact.consent` revoked for one account's address and purpose. */
export function revocationEvent(
  known: KnownContact,
  channel: 'sms' | 'voice' | 'email',
  address: string,
  purpose: Purpose,
  revocation: Revocation,
): EventOf<'contact.consent'> {
  const evidenceRef =
    revocation.evidenceRef !== undefined && Reference.safeParse(revocation.evidenceRef).success
      ? { evidenceRef: revocation.evidenceRef }
      : {};
  const common = {
    accountId: known.accountId,
    purpose,
    status: 'revoked' as const,
    basis: revocation.basis,
    source: revocation.source,
    at: revocation.at,
    ...evidenceRef,
  };
  return createEvent('contact.consent', {
    eventId: deterministicId(
      'contact.consent',
      'revoked',
      revocation.cause,
      known.tenantId,
      known.accountId,
      channel,
      address,
      purpose,
    ),
    occurredAt: revocation.at,
    correlationId: revocation.correlationId,
    causationId: revocation.causationId,
    tenantId: known.tenantId,
    payload:
      channel === 'email' ? { ...common, channel, address } : { ...common, channel, address },
  });
}
