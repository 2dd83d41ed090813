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
  /** The Twilio API base URL (for `standInHttpClient`) and the SMTP server as `smtp://host:port`. */
  readonly urls: { readonly twilio: string; readonly smtp: string };
  stop(): Promise<void>;
}

/** Starts the Twilio stand-in and the SMTP catcher together, for the demo and end-to-end tests. */
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
  return {
    twilio,
    smtp,
    urls: { twilio: twilio.url, smtp: smtp.url },
    stop: async () => {
      await Promise.all([twilio.stop(), smtp.stop()]);
    },
  };
}
