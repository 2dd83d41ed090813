/** Settings for the services a cross-service test starts, pointed at its namespace and stand-ins. */
import { parseConfig } from '@kindly/config';
import { DispatcherSettingsSchema } from '@kindly/dispatcher';
import { ServiceSettings } from '@kindly/service';
import type { RndStandIn, SmtpCatcher, TwilioStandIn } from '@kindly/stand-ins';
import type { ProvisionedNamespace } from '@kindly/testing';

/** The number the dispatcher is configured to text from (TWILIO_FROM). */
export const CONFIGURED_FROM = '+12125550100';

/** What every service takes to run in the test's namespace: broker, database, topic prefix. */
export function namespaceEnv(ns: ProvisionedNamespace): Record<string, string> {
  return {
    KAFKA_BROKERS: ns.infra.kafkaBrokers.join(','),
    MONGODB_URI: ns.infra.mongoUri,
    MONGODB_DATABASE: ns.database,
    KAFKA_TOPIC_PREFIX: ns.prefix,
  };
}

/**
 * A dispatcher's settings against the Twilio and SMTP stand-ins, with short leases and retries.
 * With `rnd`, US texts are checked against that reassigned-numbers database, as in production;
 * without it the check is off on purpose (the test is about something else).
 */
export function dispatcherSettings(
  ns: ProvisionedNamespace,
  standIns: { twilio: TwilioStandIn; smtp: SmtpCatcher; rnd?: RndStandIn },
) {
  const { twilio, smtp, rnd } = standIns;
  return parseConfig(ServiceSettings.extend(DispatcherSettingsSchema.shape), {
    ...namespaceEnv(ns),
    DISPATCHER_CLAIM_LEASE_MS: '7000',
    DISPATCHER_PROVIDER_TIMEOUT_MS: '2500',
    DISPATCHER_RATE_WAIT_MAX_MS: '500',
    DISPATCHER_RETRY_DELAYS_MS: '300,600',
    DISPATCHER_SESSION_TIMEOUT_MS: '6000',
    DISPATCHER_STATUS_CALLBACK_URL: 'http://127.0.0.1:9/twilio/status',
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: CONFIGURED_FROM,
    TWILIO_API_BASE_URL: twilio.url,
    TWILIO_MPS: '200',
    TWILIO_BURST: '50',
    SMTP_HOST: smtp.hostname,
    SMTP_PORT: String(smtp.port),
    SMTP_IGNORE_TLS: 'true',
    ...(rnd === undefined
      ? { DISPATCHER_REASSIGNED_CHECK: 'off' }
      : { RND_API_BASE_URL: rnd.url, RND_API_TOKEN: rnd.token }),
  });
}
