/**
 * The events the dispatcher publishes. Their ids are deterministic, so that publishing again
 * after a crash (the record was written, the publish not confirmed) gives the same event, which
 * consumers keep once.
 */
import {
  createEvent,
  deterministicId,
  type ContactConsentV1,
  type DeliveryOutcomeV1,
  type NumberCheck,
  type OutreachRenderedV1,
  type Purpose,
} from '@kindly/contracts';
import type { DispatchRecord } from './ports.js';

export interface OutcomeFacts {
  readonly attempt: number;
  readonly provider: string;
  readonly at: string;
  /** SMS: the reassigned-numbers answer it was sent or stopped on, for the audit. */
  readonly numberCheck?: NumberCheck | undefined;
  readonly result:
    | {
        readonly status: 'accepted';
        readonly providerMessageId: string;
        /** The address the provider was given, for the audit. */
        readonly to?: string | undefined;
      }
    | { readonly status: 'failed'; readonly errorCode: string; readonly retryable: boolean };
}

export function outcomeEvent(rendered: OutreachRenderedV1, facts: OutcomeFacts): DeliveryOutcomeV1 {
  const { payload } = rendered;
  const result =
    facts.result.status === 'accepted'
      ? {
          status: 'accepted' as const,
          providerMessageId: facts.result.providerMessageId,
          retryable: false,
          ...(facts.result.to !== undefined ? { to: facts.result.to } : {}),
        }
      : {
          status: 'failed' as const,
          errorCode: facts.result.errorCode,
          retryable: facts.result.retryable,
        };
  return createEvent('delivery.outcome', {
    eventId: deterministicId('delivery.outcome', payload.messageId, String(facts.attempt)),
    occurredAt: facts.at,
    correlationId: rendered.correlationId,
    causationId: rendered.eventId,
    tenantId: rendered.tenantId,
    payload: {
      accountId: payload.accountId,
      messageId: payload.messageId,
      attempt: facts.attempt,
      channel: payload.channel,
      provider: facts.provider,
      at: facts.at,
      ...result,
      ...(facts.numberCheck !== undefined ? { numberCheck: facts.numberCheck } : {}),
    },
  });
}

/** The outcome of a finished attempt, as its record says. */
export function outcomeOfRecord(
  rendered: OutreachRenderedV1,
  record: DispatchRecord,
  fallbackAt: string,
): DeliveryOutcomeV1 {
  const at = record.finishedAt ?? fallbackAt;
  const provider = record.provider ?? providerOf(record.channel);
  const attempt = Math.max(1, record.attempt);
  if (record.state === 'sent') {
    return outcomeEvent(rendered, {
      attempt,
      provider,
      at,
      numberCheck: record.numberCheck,
      result: {
        status: 'accepted',
        providerMessageId: record.providerMessageId ?? 'unknown',
        to: record.to,
      },
    });
  }
  return outcomeEvent(rendered, {
    attempt,
    provider,
    at,
    numberCheck: record.numberCheck,
    result: {
      status: 'failed',
      errorCode: record.errorCode ?? 'UNKNOWN',
      retryable: record.retryable ?? false,
    },
  });
}

/**
 * Twilio's 21610 means the number replied STOP at Twilio: the customer revoked consent for texts
 * from us, whatever the purpose, so both purposes are revoked (STOP is not purpose-specific).
 */
export function revocationEvents(
  rendered: OutreachRenderedV1,
  phone: string,
  at: string,
): ContactConsentV1[] {
  const purposes: Purpose[] = ['servicing', 'marketing'];
  return purposes.map((purpose) =>
    createEvent('contact.consent', {
      eventId: deterministicId(
        'contact.consent',
        'twilio-21610',
        rendered.payload.messageId,
        purpose,
      ),
      occurredAt: at,
      correlationId: rendered.correlationId,
      causationId: rendered.eventId,
      tenantId: rendered.tenantId,
      payload: {
        accountId: rendered.payload.accountId,
        channel: 'sms',
        address: phone,
        purpose,
        status: 'revoked',
        basis: 'customer-request',
        source: 'provider',
        at,
        evidenceRef: `twilio:21610:${rendered.payload.messageId}`
          .replace(/[^A-Za-z0-9._:/#-]/g, '-')
          .slice(0, 100),
      },
    }),
  );
}

export function providerOf(channel: DispatchRecord['channel']): string {
  return channel === 'sms' ? 'twilio' : channel === 'email' ? 'smtp' : 'print';
}
