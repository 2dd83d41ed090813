/**
 * ARF reports (RFC 5965) shaped as the RFC's own example (§B.1) is, about one of our e-mails: the
 * returned original carries the Message-ID and return path the dispatcher gives every e-mail
 * (`<messageId@bounce domain>`, `bounces+<messageId>@bounce domain`).
 */
export interface ArfOptions {
  readonly messageId: string;
  /** The complaining customer's address (Original-Rcpt-To); providers may redact it. */
  readonly recipient: string;
  readonly bounceDomain?: string;
  readonly feedbackType?: string;
  /** Leave out the parts of the report RFC 5965 requires, to build malformed ones. */
  readonly omit?: 'feedback-part' | 'feedback-type' | 'returned-message';
  /** Return only the original's headers (text/rfc822-headers), as some loops do. */
  readonly headersOnly?: boolean;
  /** The original's List-Unsubscribe (the renderer's signed links): the report's proof. */
  readonly listUnsubscribe?: string;
  /** The original's Message-ID, as is (default `<messageId@bounce domain>`). */
  readonly messageIdHeader?: string;
}

const CRLF = '\r\n';

export function buildArfReport(options: ArfOptions): string {
  const domain = options.bounceDomain ?? 'bounce.example-bank.cn';
  const boundary = 'part1_13d.2e68ed54_boundary';
  const originalHeaders = [
    'From: Example Bank <offers@example-bank.cn>',
    'Received: from mailserver.example-bank.cn (mailserver.example-bank.cn',
    '        [192.0.2.1]) by mx.example.com with ESMTP id M63d4137594e46;',
    '        Sun, 08 Mar 2026 14:00:00 -0400',
    `Return-Path: <bounces+${options.messageId}@${domain}>`,
    `To: ${options.recipient}`,
    'Subject: A card offer for you',
    'MIME-Version: 1.0',
    'Content-Type: text/plain',
    `Message-ID: ${options.messageIdHeader ?? `<${options.messageId}@${domain}>`}`,
    ...(options.listUnsubscribe ? [`List-Unsubscribe: ${options.listUnsubscribe}`] : []),
    'Date: Sun, 08 Mar 2026 12:31:03 -0500',
  ];
  const feedbackFields = [
    ...(options.omit === 'feedback-type'
      ? []
      : [`Feedback-Type: ${options.feedbackType ?? 'abuse'}`]),
    'User-Agent: SomeGenerator/1.0',
    'Version: 1',
    `Original-Mail-From: <bounces+${options.messageId}@${domain}>`,
    `Original-Rcpt-To: <${options.recipient}>`,
    'Arrival-Date: Sun, 8 Mar 2026 14:00:00 EDT',
    'Reporting-MTA: dns; mail.example.com',
    'Source-IP: 192.0.2.1',
    'Authentication-Results: mail.example.com;',
    '               spf=pass smtp.mail=bounces@example-bank.cn',
    `Reported-Domain: ${domain}`,
    `Removal-Recipient: ${options.recipient}`,
  ];
  const parts = [
    [
      'Content-Type: text/plain; charset="US-ASCII"',
      'Content-Transfer-Encoding: 7bit',
      '',
      'This is an email abuse report for an email message received from IP',
      '192.0.2.1 on Sun, 8 Mar 2026 14:00:00 EDT.',
    ],
    options.omit === 'feedback-part'
      ? undefined
      : ['Content-Type: message/feedback-report', '', ...feedbackFields],
    options.omit === 'returned-message'
      ? undefined
      : options.headersOnly
        ? ['Content-Type: text/rfc822-headers', '', ...originalHeaders]
        : [
            'Content-Type: message/rfc822',
            'Content-Disposition: inline',
            '',
            ...originalHeaders,
            '',
            'Our best rate yet.',
          ],
  ].filter((part): part is string[] => part !== undefined);
  return [
    'From: <abusedesk@example.com>',
    'Date: Sun, 8 Mar 2026 17:40:36 EDT',
    'Subject: FW: A card offer for you',
    `To: <fbl@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: multipart/report; report-type=feedback-report;',
    `     boundary="${boundary}"`,
    '',
    ...parts.flatMap((part) => [`--${boundary}`, ...part, '']),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}
