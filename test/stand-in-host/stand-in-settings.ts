import { createHash } from 'node:crypto';
import type { SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';

/**
 * The settings that wire a whole Kindly (`kindly run all`) to the stand-ins a test or a benchmark
 * runs beside it: the Twilio stand-in, the SMTP catcher, the tracker's callbacks on loopback, a
 * letter outbox, and one secret for every signing key. Shared by the fault runs and the pipeline
 * benchmark, which add their own timings and limits on top.
 */
export function standInSettings(input: {
  readonly secret: string;
  readonly trackerPort: number;
  readonly twilio: TwilioStandIn;
  readonly smtp: SmtpCatcher;
  readonly letterOutbox: string;
}): Record<string, string> {
  const trackerBase = `http://127.0.0.1:${input.trackerPort}`;
  return {
    RENDERER_UNSUBSCRIBE_SECRET: input.secret,
    DISPATCHER_STATUS_CALLBACK_URL: `${trackerBase}/twilio/status`,
    DISPATCHER_LETTER_OUTBOX: input.letterOutbox,
    TWILIO_ACCOUNT_SID: input.twilio.accountSid,
    TWILIO_AUTH_TOKEN: input.twilio.authToken,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: input.twilio.url,
    // The fault runs and the benchmark measure the pipeline, not the reassigned-numbers check
    // (test/reassigned-numbers does): turned off on purpose, as the dispatcher wants it said.
    DISPATCHER_REASSIGNED_CHECK: 'off',
    SMTP_HOST: input.smtp.hostname,
    SMTP_PORT: String(input.smtp.port),
    SMTP_IGNORE_TLS: 'true',
    TRACKER_HTTP_PORT: String(input.trackerPort),
    TRACKER_HTTP_HOST: '127.0.0.1',
    TRACKER_PUBLIC_BASE_URL: trackerBase,
    TRACKER_TWILIO_AUTH_TOKEN: input.twilio.authToken,
    TRACKER_UNSUBSCRIBE_SECRET: input.secret,
    TRACKER_BOUNCE_TOKEN: input.secret,
    AUDIT_ADDRESS_KEY: input.secret,
    // 32 bytes for the evidence key: the secret's hash.
    AUDIT_EVIDENCE_KEYS: `local:${createHash('sha256').update(input.secret).digest('base64')}`,
  };
}
