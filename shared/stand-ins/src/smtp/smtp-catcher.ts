import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { waitUntil } from '../wait-until.js';

export interface SmtpCatcherOptions {
  readonly host?: string;
  /** 0 (the default) picks a free port; a restart keeps the port first chosen. */
  readonly port?: number;
  /** The name the server greets with. */
  readonly serverName?: string;
  /**
   * A slow relay: how long the server takes to answer a message's end of data. The message is
   * caught when its data ends, and answered this much later.
   */
  readonly dataAnswerDelayMs?: number;
}

/** A message the catcher accepted: the SMTP envelope, the bytes as received, and the parsed MIME. */
export interface CaughtEmail {
  readonly receivedAt: Date;
  /** MAIL FROM, the return path bounces go to; '' for the null sender `<>` (DSNs). */
  readonly mailFrom: string;
  readonly rcptTo: readonly string[];
  readonly raw: Buffer;
  readonly parsed: ParsedMail;
  /** The first header of that name, unfolded, as written (not decoded). */
  header(name: string): string | undefined;
  /** Every header of that name, unfolded, as written. */
  headers(name: string): readonly string[];
}

/** An SMTP reply the catcher is to give instead of accepting: 451 4.3.0 … or 550 5.1.1 …. */
export interface SmtpFailure {
  readonly code: number;
  readonly message?: string;
}

/** A refusal the catcher gave, for tests that count attempts. */
export interface SmtpRefusal {
  readonly at: Date;
  readonly stage: 'rcpt' | 'data';
  readonly recipients: readonly string[];
  readonly code: number;
}

interface Armed {
  readonly failure: SmtpFailure;
  remaining: number;
}

/**
 * A real SMTP server (the `smtp-server` package) that keeps what it receives for tests. It can
 * refuse given recipients at RCPT TO, refuse the next N messages after DATA, and be stopped and
 * started again on the same port to play an SMTP relay that is down for a while.
 */
export class SmtpCatcher {
  private server: SMTPServer | undefined;
  private boundPort: number;
  private readonly host: string;
  private readonly caught: CaughtEmail[] = [];
  private readonly refused: SmtpRefusal[] = [];
  private readonly recipientFailures = new Map<string, Armed>();
  private readonly messageFailures: Armed[] = [];

  private constructor(private readonly options: SmtpCatcherOptions) {
    this.host = options.host ?? '127.0.0.1';
    this.boundPort = options.port ?? 0;
  }

  static async start(options: SmtpCatcherOptions = {}): Promise<SmtpCatcher> {
    const catcher = new SmtpCatcher(options);
    await catcher.listen();
    return catcher;
  }

  get port(): number {
    return this.boundPort;
  }

  get hostname(): string {
    return this.host;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** `smtp://host:port`, for configuration that takes a URL. */
  get url(): string {
    return `smtp://${this.host}:${this.boundPort}`;
  }

  messages(): readonly CaughtEmail[] {
    return this.caught;
  }

  messagesTo(address: string): readonly CaughtEmail[] {
    const wanted = address.toLowerCase();
    return this.caught.filter((m) => m.rcptTo.some((r) => r.toLowerCase() === wanted));
  }

  refusals(): readonly SmtpRefusal[] {
    return this.refused;
  }

  /** Resolves with the messages once at least `count` have arrived. */
  async waitForMessages(count: number, timeoutMs = 10_000): Promise<readonly CaughtEmail[]> {
    await waitUntil(() => this.caught.length >= count, { timeoutMs, what: `${count} e-mail(s)` });
    return this.caught;
  }

  /** Refuses RCPT TO for `address` (e.g. 550 5.1.1 unknown user, 452 4.2.2 mailbox full), `times` times or always. */
  rejectRecipient(address: string, failure: SmtpFailure, times = Infinity): void {
    this.recipientFailures.set(address.toLowerCase(), { failure, remaining: times });
  }

  /** Refuses the next `count` messages at the end of DATA (e.g. 451 4.3.0, 554 5.7.1). */
  failNextMessages(count: number, failure: SmtpFailure): void {
    this.messageFailures.push({ failure, remaining: count });
  }

  clearFailures(): void {
    this.recipientFailures.clear();
    this.messageFailures.length = 0;
  }

  /** Forgets messages, refusals and failures (between tests). */
  reset(): void {
    this.caught.length = 0;
    this.refused.length = 0;
    this.clearFailures();
  }

  /** Stops listening and drops open connections at once, as a relay that goes down. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port, keeping what was caught. */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen();
  }

  private async listen(): Promise<void> {
    const server = new SMTPServer({
      name: this.options.serverName ?? 'smtp-catcher.local',
      logger: false,
      // Plain SMTP on loopback: STARTTLS would need a certificate the client trusts.
      disabledCommands: ['STARTTLS'],
      // A reverse DNS lookup per connection costs far more than the rest of a local delivery.
      disableReverseLookup: true,
      authOptional: true,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
      // Long enough for a reply in flight, short enough that "down" means down.
      closeTimeout: 50,
      onRcptTo: (address, _session, callback) => {
        const armed = take(this.recipientFailures.get(address.address.toLowerCase()), () =>
          this.recipientFailures.delete(address.address.toLowerCase()),
        );
        if (!armed) return callback();
        this.refused.push({
          at: new Date(),
          stage: 'rcpt',
          recipients: [address.address],
          code: armed.code,
        });
        callback(smtpError(armed));
      },
      onData: (stream, session, callback) => {
        const delay = this.options.dataAnswerDelayMs ?? 0;
        this.receive(stream, session).then(
          () => (delay > 0 ? setTimeout(() => callback(), delay) : callback()),
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(this.boundPort, this.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.boundPort = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const rcptTo = session.envelope.rcptTo.map((r) => r.address);
    const armed = this.messageFailures[0];
    const failure = take(armed, () => this.messageFailures.shift());
    if (failure) {
      this.refused.push({ at: new Date(), stage: 'data', recipients: rcptTo, code: failure.code });
      throw smtpError(failure);
    }
    const raw = Buffer.concat(chunks);
    const parsed = await simpleParser(raw);
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    this.caught.push(caughtEmail({ receivedAt: new Date(), mailFrom, rcptTo, raw, parsed }));
  }
}

function take(armed: Armed | undefined, onExhausted: () => void): SmtpFailure | undefined {
  if (!armed) return undefined;
  armed.remaining -= 1;
  if (armed.remaining <= 0) onExhausted();
  return armed.failure;
}

function smtpError(failure: SmtpFailure): Error {
  const text =
    failure.message ??
    (failure.code >= 500 ? '5.0.0 Refused by the catcher' : '4.0.0 Try again later');
  return Object.assign(new Error(text), { responseCode: failure.code });
}

function caughtEmail(fields: Omit<CaughtEmail, 'header' | 'headers'>): CaughtEmail {
  const headers = (name: string): string[] => {
    const key = name.toLowerCase();
    return fields.parsed.headerLines
      .filter((line) => line.key === key)
      .map((line) => {
        const unfolded = line.line.replace(/\r?\n[ \t]+/g, ' ');
        return unfolded.slice(unfolded.indexOf(':') + 1).trim();
      });
  };
  return { ...fields, headers, header: (name) => headers(name)[0] };
}
