import { createTransport } from 'nodemailer';
import { buildDsn, type DsnOptions } from './build-dsn.js';

export interface SmtpTarget {
  readonly host: string;
  readonly port: number;
}

/**
 * Sends a DSN to the bounce address over SMTP, from the null reverse path (`MAIL FROM:<>`) as
 * RFC 3464 requires, so that a bounce can never bounce back. Returns the raw DSN sent.
 */
export async function sendDsn(smtp: SmtpTarget, options: DsnOptions): Promise<string> {
  const raw = buildDsn(options);
  const transport = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  });
  try {
    await transport.sendMail({ envelope: { from: '', to: [options.to] }, raw });
    return raw;
  } finally {
    transport.close();
  }
}
