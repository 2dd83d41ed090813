import { randomBytes } from 'node:crypto';

export interface DsnOptions {
  /** The message that could not be delivered, as sent (raw MIME). */
  readonly original: string | Buffer;
  /** The recipient that failed (Final-Recipient). */
  readonly recipient: string;
  /** RFC 3463 status: 5.1.1 (no such user), 5.2.2 / 4.2.2 (mailbox full), 4.4.1 (no answer)… */
  readonly status: string;
  /** `failed` (the default) gives up; `delayed` says the MTA keeps trying. */
  readonly action?: 'failed' | 'delayed';
  /** The remote server's reply; by default one made up from the status. */
  readonly diagnosticCode?: string;
  /** Where the DSN goes: the original's return path (MAIL FROM), i.e. our bounce address. */
  readonly to: string;
  /** The MTA that reports; also names the sender MAILER-DAEMON@… . */
  readonly reportingMta?: string;
  readonly remoteMta?: string;
  /** The ENVID the original was sent with, if any. */
  readonly originalEnvelopeId?: string;
  /** Return the original's headers only (the default, text/rfc822-headers) or the whole message. */
  readonly returnContent?: 'headers' | 'full';
  readonly date?: Date;
}

const CRLF = '\r\n';

/**
 * Builds a delivery status notification as RFC 3464 defines it, in the RFC 6522 multipart/report
 * container: a human-readable part, the machine-readable message/delivery-status part (per-message
 * fields, then the failed recipient's fields), and the original's headers or the whole original,
 * so a bounce processor can tie the report to the message it sent. Returns raw MIME with CRLF.
 */
export function buildDsn(options: DsnOptions): string {
  const reportingMta = options.reportingMta ?? 'mx.stand-in.invalid';
  const action = options.action ?? 'failed';
  const date = options.date ?? new Date();
  const boundary = `dsn-${randomBytes(8).toString('hex')}`;
  const original =
    typeof options.original === 'string' ? options.original : options.original.toString('utf8');
  const smtpCode = options.status.startsWith('5') ? 550 : 450;
  const diagnostic =
    options.diagnosticCode ??
    `smtp; ${smtpCode} ${options.status} ${describeStatus(options.status)}`;

  const perMessage = [
    `Reporting-MTA: dns; ${reportingMta}`,
    ...(options.originalEnvelopeId ? [`Original-Envelope-Id: ${options.originalEnvelopeId}`] : []),
    `Arrival-Date: ${date.toUTCString()}`,
  ];
  const perRecipient = [
    `Final-Recipient: rfc822; ${options.recipient}`,
    `Action: ${action}`,
    `Status: ${options.status}`,
    ...(options.remoteMta ? [`Remote-MTA: dns; ${options.remoteMta}`] : []),
    `Diagnostic-Code: ${diagnostic}`,
    `Last-Attempt-Date: ${date.toUTCString()}`,
  ];
  const returned =
    options.returnContent === 'full'
      ? [
          'Content-Type: message/rfc822',
          'Content-Description: Undelivered Message',
          '',
          toCrlf(original),
        ]
      : [
          'Content-Type: text/rfc822-headers',
          'Content-Description: Undelivered Message Headers',
          '',
          headerBlock(original),
        ];

  const lines = [
    `From: Mail Delivery System <MAILER-DAEMON@${reportingMta}>`,
    `To: ${options.to}`,
    `Subject: ${action === 'failed' ? 'Undelivered Mail Returned to Sender' : 'Delayed Mail (still being retried)'}`,
    `Date: ${date.toUTCString().replace(/GMT$/, '+0000')}`,
    `Message-ID: <${date.getTime()}.${randomBytes(6).toString('hex')}@${reportingMta}>`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
    '',
    'This is a MIME-encapsulated message.',
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Description: Notification',
    '',
    action === 'failed'
      ? `Your message could not be delivered to ${options.recipient}: ${diagnostic}`
      : `Your message to ${options.recipient} has not been delivered yet; delivery is still being attempted.`,
    '',
    `--${boundary}`,
    'Content-Type: message/delivery-status',
    'Content-Description: Delivery report',
    '',
    ...perMessage,
    '',
    ...perRecipient,
    '',
    `--${boundary}`,
    ...returned,
    `--${boundary}--`,
    '',
  ];
  return lines.join(CRLF);
}

function toCrlf(text: string): string {
  return text.replace(/\r?\n/g, CRLF);
}

/** The header section of a raw message, up to (and including) the blank line that ends it. */
function headerBlock(raw: string): string {
  const normalized = toCrlf(raw);
  const end = normalized.indexOf(CRLF + CRLF);
  return end < 0 ? normalized : normalized.slice(0, end + 2);
}

function describeStatus(status: string): string {
  const [, subject, detail] = status.split('.');
  if (subject === '1') return 'Recipient address rejected: User unknown';
  if (subject === '2' && detail === '2') return 'Mailbox full';
  if (subject === '2') return 'Mailbox unavailable';
  if (subject === '4') return 'Network or routing problem';
  return 'Delivery failed';
}
