import { RndStandIn } from './rnd/rnd-stand-in.js';
import { SmtpCatcher } from './smtp/smtp-catcher.js';
import { TwilioStandIn, type TwilioStandInOptions } from './twilio/twilio-stand-in.js';

export interface StandInsOptions {
  /** Loopback by default. */
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly twilioPort?: number;
  readonly smtpPort?: number;
  readonly twilio?: Omit<TwilioStandInOptions, 'host' | 'port'>;
}

export interface RunningStandIns {
  readonly twilio: TwilioStandIn;
  readonly smtp: SmtpCatcher;
  /** The reassigned-numbers database: every number `not-reassigned` unless a scenario says else. */
  readonly rnd: RndStandIn;
  /**
   * The Twilio API base URL (for `standInHttpClient`), the SMTP server as `smtp://host:port`,
   * the reassigned-numbers database's base URL.
   */
  readonly urls: { readonly twilio: string; readonly smtp: string; readonly rnd: string };
  stop(): Promise<void>;
}

/**
 * Starts the Twilio stand-in, the SMTP catcher and the reassigned-numbers database together, for
 * the demo and end-to-end tests.
 */
export async function startStandIns(options: StandInsOptions = {}): Promise<RunningStandIns> {
  const host = options.host ?? '127.0.0.1';
  const twilio = await TwilioStandIn.start({
    ...options.twilio,
    host,
    port: options.twilioPort ?? 0,
  });
  let smtp: SmtpCatcher;
  try {
    smtp = await SmtpCatcher.start({ host, port: options.smtpPort ?? 0 });
  } catch (error) {
    await twilio.stop();
    throw error;
  }
  let rnd: RndStandIn;
  try {
    rnd = await RndStandIn.start({ host });
  } catch (error) {
    await Promise.all([twilio.stop(), smtp.stop()]);
    throw error;
  }
  return {
    twilio,
    smtp,
    rnd,
    urls: { twilio: twilio.url, smtp: smtp.url, rnd: rnd.url },
    stop: async () => {
      await Promise.all([twilio.stop(), smtp.stop(), rnd.stop()]);
    },
  };
}
