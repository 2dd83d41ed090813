import { startStandIns } from './start-stand-ins.js';

/**
 * Runs the stand-ins (Twilio, SMTP, the reassigned-numbers database) as one process for the demo:
 *
 *     node --conditions=@kindly/source --import tsx shared/stand-ins/src/main.ts
 *
 * Settings from the environment (all optional): STAND_INS_HOST, TWILIO_STAND_IN_PORT,
 * SMTP_STAND_IN_PORT, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN (the demo gives the tracker the same
 * token, to check signatures), TWILIO_INBOUND_WEBHOOK_URL, TWILIO_CALLBACK_DELAY_MS.
 * Prints the settings for clients as KEY=VALUE lines on stdout, then runs until SIGINT or SIGTERM.
 */
const env = process.env;
const port = (value: string | undefined): number => (value ? Number(value) : 0);

const standIns = await startStandIns({
  ...(env['STAND_INS_HOST'] && { host: env['STAND_INS_HOST'] }),
  twilioPort: port(env['TWILIO_STAND_IN_PORT']),
  smtpPort: port(env['SMTP_STAND_IN_PORT']),
  twilio: {
    ...(env['TWILIO_ACCOUNT_SID'] && { accountSid: env['TWILIO_ACCOUNT_SID'] }),
    ...(env['TWILIO_AUTH_TOKEN'] && { authToken: env['TWILIO_AUTH_TOKEN'] }),
    ...(env['TWILIO_INBOUND_WEBHOOK_URL'] && {
      inboundWebhookUrl: env['TWILIO_INBOUND_WEBHOOK_URL'],
    }),
    ...(env['TWILIO_CALLBACK_DELAY_MS'] && {
      callbackDelayMs: Number(env['TWILIO_CALLBACK_DELAY_MS']),
    }),
  },
});

const settings = {
  TWILIO_API_BASE_URL: standIns.urls.twilio,
  TWILIO_ACCOUNT_SID: standIns.twilio.accountSid,
  // A stand-in's own made-up token, printed only when the caller did not choose one.
  ...(!env['TWILIO_AUTH_TOKEN'] && { TWILIO_AUTH_TOKEN: standIns.twilio.authToken }),
  SMTP_HOST: standIns.smtp.hostname,
  SMTP_PORT: String(standIns.smtp.port),
  // The reassigned-numbers database's stand-in and its own made-up token, for the dispatcher.
  RND_API_BASE_URL: standIns.urls.rnd,
  RND_API_TOKEN: standIns.rnd.token,
};
for (const [key, value] of Object.entries(settings)) process.stdout.write(`${key}=${value}\n`);

const stop = (): void => {
  standIns.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`stand-ins: stopping failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
