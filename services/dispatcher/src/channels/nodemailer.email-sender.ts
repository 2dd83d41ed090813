/**
 * E-mail over SMTP with nodemailer: a pooled transport (its `maxConnections` is the concurrency
 * towards the relay), optional DKIM, a VERP return path per message so that a bounce names the
 * message it is about, and the ids the tracker reads (`X-Kindly-Message-Id`, `Message-ID`).
 */
import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import type { SMTPPoolOptions } from 'nodemailer';
import { classifySmtpError, enhancedStatusOf } from '../domain/classify-failure.js';
import type { EmailChannel, EmailMessage } from '../domain/ports.js';
import { failed, sent, type SendResult } from '../domain/send-result.js';

/**
 * RFC 8058: both List-Unsubscribe headers must be covered by the DKIM signature; nodemailer's
 * default list leaves out List-Unsubscribe-Post. This is its default plus that header.
 */
export const DKIM_HEADER_FIELDS = [
  'From',
  'Sender',
  'Reply-To',
  'Subject',
  'Date',
  'Message-ID',
  'To',
  'Cc',
  'MIME-Version',
  'Content-Type',
  'Content-Transfer-Encoding',
  'List-Id',
  'List-Unsubscribe',
  'List-Unsubscribe-Post',
  'X-Kindly-Message-Id',
].join(':');

export interface SmtpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly secure?: boolean;
  readonly user?: string;
  readonly password?: string;
  /** Connections kept open to the relay: at most this many messages are in flight. */
  readonly poolSize: number;
  /** The socket timeout; the connection and the greeting get half of it each, at most 5 s. */
  readonly timeoutMs: number;
  /** Plain SMTP without STARTTLS (a local relay or test server only). */
  readonly ignoreTls?: boolean;
}

export interface DkimOptions {
  readonly domainName: string;
  readonly keySelector: string;
  readonly privateKey: string;
}

export interface NodemailerEmailOptions {
  readonly server: SmtpServerOptions;
  /** The name outcomes carry: `smtp`, or e.g. `smtp-secondary`. */
  readonly provider: string;
  /** The From header, e.g. `Example Bank <notices@bank.example>`. */
  readonly from: string;
  /** The domain of the return path (`bounces+<messageId>@…`) and of the Message-ID. */
  readonly bounceDomain: string;
  readonly dkim?: DkimOptions;
}

export interface EmailSender extends EmailChannel {
  close(): void;
}

export function createNodemailerEmailSender(options: NodemailerEmailOptions): EmailSender {
  const { server, provider, bounceDomain } = options;
  const pool: SMTPPoolOptions & { pool: true } = {
    host: server.host,
    port: server.port,
    secure: server.secure ?? false,
    ...(server.ignoreTls ? { ignoreTLS: true } : {}),
    ...(server.user ? { auth: { user: server.user, pass: server.password ?? '' } } : {}),
    pool: true,
    maxConnections: server.poolSize,
    // Fail fast when the relay is down: the message is retried later, not held here.
    connectionTimeout: Math.min(5_000, server.timeoutMs / 2),
    greetingTimeout: Math.min(5_000, server.timeoutMs / 2),
    socketTimeout: server.timeoutMs,
    // A dropped connection must not resend a message the relay may already hold.
    maxRequeues: 0,
    // Nagle's algorithm meets the server's delayed ACK: each message would wait ~40 ms.
    getSocket: (socketOptions, callback) => {
      if (socketOptions.secure) return callback(null, false);
      const socket = connect({ host: server.host, port: server.port });
      socket.setNoDelay(true);
      const onError = (error: Error) => callback(error);
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        callback(null, { connection: socket });
      });
    },
  };
  const transport = createTransport(pool);
  return {
    async send(message: EmailMessage): Promise<SendResult> {
      const messageId = `<${message.messageId}@${bounceDomain}>`;
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId,
          envelope: { from: `bounces+${message.messageId}@${bounceDomain}`, to: [message.to] },
          headers: { ...message.headers, 'X-Kindly-Message-Id': message.messageId },
          ...(options.dkim
            ? { dkim: { ...options.dkim, headerFieldNames: DKIM_HEADER_FIELDS } }
            : {}),
        });
        if (info.rejected.length > 0) {
          return failed(classifySmtpError({ provider, responseCode: 550, atRecipient: true }));
        }
        return sent({ provider, providerMessageId: info.messageId.replace(/^<|>$/g, '') });
      } catch (error) {
        return failed(classifySmtpError({ provider, ...smtpFacts(error) }));
      }
    },
    close() {
      transport.close();
    },
  };
}

function smtpFacts(error: unknown): {
  responseCode?: number;
  enhancedStatus?: string;
  errorCode?: string;
  atRecipient?: boolean;
} {
  if (typeof error !== 'object' || error === null) return {};
  const read = (key: string): unknown => (key in error ? Reflect.get(error, key) : undefined);
  const responseCode = read('responseCode');
  const response = read('response');
  const code = read('code');
  const command = read('command');
  const enhancedStatus = enhancedStatusOf(typeof response === 'string' ? response : undefined);
  return {
    ...(typeof responseCode === 'number' ? { responseCode } : {}),
    ...(enhancedStatus !== undefined ? { enhancedStatus } : {}),
    ...(typeof code === 'string' ? { errorCode: code } : {}),
    atRecipient: command === 'RCPT TO',
  };
}
