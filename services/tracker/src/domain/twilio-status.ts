/**
 * Twilio's `MessageStatus` values as delivery outcomes. Twilio reports more steps than Kindly's
 * contract has; the ones that add nothing (sending, the initial accepted/scheduled, inbound
 * receiving/received, WhatsApp's read) are not reported on.
 */
import type { TrackedStatus } from './delivery-progress.js';

export interface MappedSmsStatus {
  readonly status: TrackedStatus;
  /** Whether another attempt may succeed. */
  readonly retryable: boolean;
  readonly errorCode?: string;
}

/**
 * Error codes after which a later attempt may well get through (compliance.md §4.3): 30003 the
 * handset is off or out of coverage, 30008 unknown (limited retry), 30001 Twilio's queue was
 * full, 30009 a segment went missing. Everything else (30004 blocked, 30005 unknown number,
 * 30006 landline, 30007 carrier filtering, 21610 unsubscribed …) is final: resending the same
 * message to the same number would not help, or would break a rule.
 */
export const RETRYABLE_TWILIO_ERRORS: ReadonlySet<string> = new Set([
  '30001',
  '30003',
  '30008',
  '30009',
]);

const ERROR_CODE = /^\d{1,10}$/;

/** What a status callback reports, or undefined when it reports nothing Kindly tracks. */
export function mapTwilioStatus(
  messageStatus: string,
  errorCode: string | undefined,
): MappedSmsStatus | undefined {
  const code = errorCode !== undefined && ERROR_CODE.test(errorCode) ? errorCode : undefined;
  switch (messageStatus.toLowerCase()) {
    case 'queued':
      return { status: 'queued', retryable: false };
    case 'sent':
      return { status: 'sent', retryable: false };
    case 'delivered':
      return { status: 'delivered', retryable: false };
    case 'undelivered':
    case 'failed':
      return {
        status: messageStatus.toLowerCase() === 'failed' ? 'failed' : 'undelivered',
        retryable: code !== undefined && RETRYABLE_TWILIO_ERRORS.has(code),
        ...(code === undefined ? {} : { errorCode: code }),
      };
    case 'canceled':
      // Only a scheduled message can be cancelled, and only by us: final, nothing to retry.
      return { status: 'failed', retryable: false, errorCode: 'canceled' };
    default:
      return undefined;
  }
}
