/**
 * Abuse feedback reports (ARF, RFC 5965): what a mailbox provider's feedback loop sends when a
 * customer presses "this is spam". A `multipart/report; report-type=feedback-report` message
 * whose second part, `message/feedback-report`, says what kind of feedback it is and for whom,
 * and whose third part returns the message complained about (whole, or its headers). Read with
 * the same MIME helpers as the DSNs (mime-entity.ts); pure text in, facts out.
 */
import { DateTime } from 'luxon';
import {
  contentTypeOf,
  decodedBody,
  headerOf,
  multipartParts,
  parseEntity,
  parseHeaderBlock,
  type HeaderList,
  type MimeEntity,
} from './mime-entity.js';

export interface FeedbackReport {
  /** abuse, fraud, virus, other, not-spam, auth-failure …, lower case. */
  readonly feedbackType: string;
  /** The envelope sender of the original (our VERP return path), when the provider says. */
  readonly originalMailFrom?: string;
  /** The original's envelope recipients, when the provider says (often redacted). */
  readonly originalRcptTo: readonly string[];
  /** When the original arrived at the provider (UTC ISO), when given and readable. */
  readonly arrivalDate?: string;
  /** The returned original's header section. */
  readonly returnedHeaders: HeaderList;
}

/** Why a report is refused; fixed words, never the report's own text. */
export type MalformedReason =
  'no-boundary' | 'no-feedback-part' | 'no-feedback-type' | 'no-returned-message';

export type FeedbackParse =
  | { readonly kind: 'report'; readonly report: FeedbackReport }
  | { readonly kind: 'malformed'; readonly reason: MalformedReason };

const RETURNED_HEADERS = new Set(['text/rfc822-headers', 'message/global-headers']);
const RETURNED_MESSAGE = new Set(['message/rfc822', 'message/global']);
const FEEDBACK_TYPE = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Whether a message is an ARF report by its own Content-Type (the top-level one, RFC 5965 §2). */
export function isFeedbackReport(raw: string): boolean {
  const type = contentTypeOf(parseEntity(raw));
  return (
    type.mediaType === 'multipart/report' &&
    type.params.get('report-type')?.trim().toLowerCase() === 'feedback-report'
  );
}

/**
 * Reads an ARF report. Call it on what `isFeedbackReport` accepted: a report without its
 * machine-readable part, a Feedback-Type, or the returned message is malformed (RFC 5965 §2
 * requires all three), and so is one whose parts cannot be found.
 */
export function parseFeedbackReport(raw: string): FeedbackParse {
  const message = parseEntity(raw);
  const boundary = contentTypeOf(message).params.get('boundary');
  if (!boundary) return { kind: 'malformed', reason: 'no-boundary' };
  const parts = multipartParts(message, boundary);
  const feedback = parts.find((p) => contentTypeOf(p).mediaType === 'message/feedback-report');
  if (!feedback) return { kind: 'malformed', reason: 'no-feedback-part' };
  const fields = parseHeaderBlock(decodedBody(feedback));
  const feedbackType = headerOf(fields, 'feedback-type')?.trim().toLowerCase();
  if (!feedbackType || !FEEDBACK_TYPE.test(feedbackType))
    return { kind: 'malformed', reason: 'no-feedback-type' };
  const returned = parts.map(returnedHeadersOf).find((h) => h !== undefined);
  if (!returned) return { kind: 'malformed', reason: 'no-returned-message' };

  const originalMailFrom = addressIn(headerOf(fields, 'original-mail-from'));
  const arrivalDate = isoOf(headerOf(fields, 'arrival-date') ?? headerOf(fields, 'received-date'));
  return {
    kind: 'report',
    report: {
      feedbackType,
      ...(originalMailFrom ? { originalMailFrom } : {}),
      originalRcptTo: fields
        .filter(([name]) => name === 'original-rcpt-to')
        .flatMap(([, value]) => addressIn(value) ?? []),
      ...(arrivalDate ? { arrivalDate } : {}),
      returnedHeaders: returned,
    },
  };
}

function returnedHeadersOf(part: MimeEntity): HeaderList | undefined {
  const type = contentTypeOf(part).mediaType;
  if (RETURNED_HEADERS.has(type)) return parseHeaderBlock(decodedBody(part));
  if (RETURNED_MESSAGE.has(type)) return parseEntity(decodedBody(part)).headers;
  return undefined;
}

/** `<jane@example.com>` or `jane@example.com`; undefined for the null path or anything else. */
function addressIn(value: string | undefined): string | undefined {
  const trimmed = value
    ?.trim()
    .replace(/^<(.*)>$/, '$1')
    .trim();
  return trimmed && /^[^\s@<>]+@[^\s@<>]+$/.test(trimmed) ? trimmed : undefined;
}

function isoOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const date = DateTime.fromRFC2822(value.trim(), { zone: 'utc' });
  return date.isValid ? (date.toUTC().toISO() ?? undefined) : undefined;
}

/**
 * Feedback that is a complaint about our mail (RFC 5965 §7.3): `abuse` (spam), `fraud`
 * (phishing), `virus`, `other`. `not-spam` (RFC 6430), `auth-failure` (RFC 6591, a DMARC or SPF
 * failure report) and types not known here are no complaint and are only acknowledged.
 */
export function isComplaint(report: FeedbackReport): boolean {
  return ['abuse', 'fraud', 'virus', 'other'].includes(report.feedbackType);
}
