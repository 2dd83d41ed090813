import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import { messageIdFromVerp } from '../domain/dsn.js';
import {
  handleInboundMail,
  isMailboxOf,
  type InboundMailDeps,
  type InboundMailResult,
} from '../domain/inbound-mail.use-case.js';
import type { InboundMailMetrics } from './inbound-mail-metrics.js';

export interface SmtpBounceListenerDeps {
  readonly mail: InboundMailDeps;
  readonly metrics: InboundMailMetrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

const MAX_DSN_BYTES = 10 * 1024 * 1024;

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * The reply to a mail, by what became of it: the sender's MTA tries again after a 4xx and gives
 * up after a 5xx. Replies are our own words: never the mail's text.
 */
export function smtpReplyOf(outcome: InboundMailResult): Error | undefined {
  const { kind } = outcome.result;
  if (kind === 'unknown-message' && outcome.mail === 'bounce')
    return smtpError(451, '4.3.0 Message not known yet, try again later');
  if (kind === 'no-address') return smtpError(451, '4.3.0 Temporarily unavailable');
  if (kind === 'not-an-email') return smtpError(550, '5.7.1 Not a report about one of our e-mails');
  if (kind === 'malformed')
    return smtpError(550, '5.6.0 Not a feedback report as RFC 5965 defines it');
  return undefined;
}

/**
 * An SMTP listener for the bounce address (`bounces+<messageId>@…`), the unsubscribe address
 * (`unsubscribe@…`, the List-Unsubscribe mailto) and the feedback-loop address (`fbl@…`),
 * feeding the same use case as `POST /email/bounces`: for sites whose MX for those domains can
 * point at the tracker. Other recipients are refused at RCPT TO (it is no open relay). A report
 * about a message the tracker does not know yet is refused with 451, so the sending MTA tries
 * again later; a malformed ARF report with 550.
 */
export async function startSmtpBounceListener(
  deps: SmtpBounceListenerDeps,
  listen: { readonly host: string; readonly port: number },
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const { mail } = deps;
  const ours = (address: string) =>
    messageIdFromVerp(address, mail.bounces.bounceLocalPart) !== undefined ||
    isMailboxOf(address, mail.unsubscribeLocalPart) ||
    isMailboxOf(address, mail.feedbackLocalPart);
  const server = new SMTPServer({
    name: 'kindly-tracker',
    logger: false,
    // Bounces come in over plain SMTP on port 25 between MTAs; TLS terminates in front if wanted.
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    size: MAX_DSN_BYTES,
    onRcptTo: (address, _session, callback) => {
      if (ours(address.address)) return callback();
      callback(smtpError(550, '5.1.1 No such recipient here'));
    },
    onData: (stream, session, callback) => {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      receive(stream)
        .then((raw) => handleInboundMail(mail, raw, recipients, deps.clock.now()))
        .then(
          (outcome) => {
            deps.metrics.count(outcome);
            deps.logger.info(
              { route: 'smtp', mail: outcome.mail, ...outcome.result },
              'inbound mail',
            );
            callback(smtpReplyOf(outcome));
          },
          (error: unknown) => {
            deps.logger.error(
              { route: 'smtp', error: safeErrorText(error) },
              'inbound mail failed',
            );
            callback(smtpError(451, '4.3.0 Temporarily unavailable'));
          },
        );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function receive(stream: SMTPServerDataStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}
