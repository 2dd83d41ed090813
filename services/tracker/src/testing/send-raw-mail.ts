/**
 * A mail sent to the tracker's SMTP listener as a mail server would send it, one command at a
 * time, returning the listener's last reply: the tests look at the reply code (250, 451, 550)
 * that decides whether the sending server retries, bounces or is done.
 */
import { connect } from 'node:net';

export interface SmtpReply {
  readonly code: number;
  readonly text: string;
}

export async function sendRawMail(
  port: number,
  envelope: { readonly from: string; readonly to: string },
  raw: string,
): Promise<SmtpReply> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setEncoding('utf8');
  let buffer = '';
  const waiting: ((reply: SmtpReply) => void)[] = [];
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // A reply ends with a line `NNN text` (no dash after the code).
    for (;;) {
      const end = buffer.search(/^\d{3} .*\r\n/m);
      if (end < 0) return;
      const lineEnd = buffer.indexOf('\r\n', end);
      const line = buffer.slice(end, lineEnd);
      buffer = buffer.slice(lineEnd + 2);
      waiting.shift()?.({ code: Number(line.slice(0, 3)), text: line.slice(4) });
    }
  });
  const next = () => new Promise<SmtpReply>((resolve) => waiting.push(resolve));
  const command = async (line: string) => {
    const reply = next();
    socket.write(`${line}\r\n`);
    return reply;
  };
  try {
    await next(); // the greeting
    await command('EHLO mx.example.com');
    await command(`MAIL FROM:<${envelope.from}>`);
    const rcpt = await command(`RCPT TO:<${envelope.to}>`);
    if (rcpt.code >= 400) return rcpt;
    await command('DATA');
    const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
    return await command(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.`);
  } finally {
    socket.end('QUIT\r\n');
  }
}
