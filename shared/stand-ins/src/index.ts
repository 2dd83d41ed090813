export { startStandIns } from './start-stand-ins.js';
export type { RunningStandIns, StandInsOptions } from './start-stand-ins.js';
export { waitUntil } from './wait-until.js';

export { TwilioStandIn } from './twilio/twilio-stand-in.js';
export type {
  RecordedTwilioRequest,
  TwilioStandInMessage,
  TwilioStandInOptions,
} from './twilio/twilio-stand-in.js';
export { standInHttpClient } from './twilio/stand-in-http-client.js';
export { twilioScenarios } from './twilio/twilio-scenarios.js';
export type { TwilioScenario } from './twilio/twilio-scenarios.js';
export type { RecordedWebhook } from './twilio/signed-webhook.js';
export type { MessageStatus } from './twilio/message-resource.js';
export { computeTwilioSignature, isValidTwilioSignature } from './twilio/twilio-signature.js';
export type { FormParams } from './twilio/twilio-signature.js';
export { TwilioOpenApi } from './twilio/twilio-openapi.js';
export type { SpecCheckInput, SpecCheckResult } from './twilio/twilio-openapi.js';
export { twilioError } from './twilio/twilio-errors.js';
export type { TwilioErrorBody } from './twilio/twilio-errors.js';
export { countSmsSegments } from './twilio/sms-segments.js';

export { SmtpCatcher } from './smtp/smtp-catcher.js';
export type {
  CaughtEmail,
  SmtpCatcherOptions,
  SmtpFailure,
  SmtpRefusal,
} from './smtp/smtp-catcher.js';
export { verifyDkim } from './smtp/verify-dkim.js';
export type { DkimVerification } from './smtp/verify-dkim.js';

export { buildDsn } from './dsn/build-dsn.js';
export type { DsnOptions } from './dsn/build-dsn.js';
export { sendDsn } from './dsn/send-dsn.js';
export type { SmtpTarget } from './dsn/send-dsn.js';

export { RndStandIn } from './rnd/rnd-stand-in.js';
export type { RecordedRndQuery, RndScenario, RndStandInOptions } from './rnd/rnd-stand-in.js';
