import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';
import type { Clock } from '@kindly/clock';
import { safeErrorText } from '@kindly/errors';
import type { Logger } from '@kindly/logger';
import { messageIdFromVerp } from '../domain/dsn.js';
import { recordBounce, type BounceDeps } from '../domain/record-bounce.use-case.js';

export interface SmtpBounceListenerDeps {
  readonly bounces: BounceDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

const MAX_DSN_BYTES = 10 * 1024 * 1024;

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/**
 * An SMTP listener for the bounce address (`bounces+<messageId>@…`), feeding the same use case
 * as `POST /email/bounces`: for sites whose MX for the bounce domain can point at the tracker.
 * Other recipients are refused at RCPT TO (it is no open relay). A report about a message the
 * tracker does not know yet is refused with 451, so the sending MTA tries again later.
 */
export async function startSmtpBounceListener(
  deps: SmtpBounceListenerDeps,
  listen: { readonly host: string; readonly port: number },
): Promise<{ readonly port: number; close(): Promise<void> }> {
  const localPart = deps.bounces.bounceLocalPart;
  const server = new SMTPServer({
    name: 'kindly-tracker',
    logger: false,
    // Bounces come in over plain SMTP on port 25 between MTAs; TLS terminates in front if wanted.
    disabledCommands: ['STARTTLS', 'AUTH'],
    disableReverseLookup: true,
    size: MAX_DSN_BYTES,
    onRcptTo: (address, _session, callback) => {
      if (messageIdFromVerp(address.address, localPart)) return callback();
      callback(smtpError(550, '5.1.1 No such recipient here'));
    },
    onData: (stream, session, callback) => {
      const recipients = session.envelope.rcptTo.map((r) => r.address);
      receive(stream)
        .then((raw) => recordBounce(deps.bounces, raw, recipients, deps.clock.now()))
        .then(
          (result) => {
            deps.logger.info({ route: 'smtp', ...result }, 'bounce report');
            if (result.kind === 'unknown-message') {
              callback(smtpError(451, '4.3.0 Message not known yet, try again later'));
            } else if (result.kind === 'not-an-email') {
              callback(smtpError(550, '5.7.1 Not a report about one of our e-mails'));
            } else callback();
          },
          (error: unknown) => {
            deps.logger.error({ route: 'smtp', error: safeErrorText(error) }, 'bounce failed');
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
