import twilio from 'twilio';
import type { FormParams } from './form-body.js';

/**
 * Checks `X-Twilio-Signature` with Twilio's own `validateRequest` against the URL Twilio posted
 * to: the public base URL (what Twilio sees, before any proxy) plus the path and query as
 * received. Never the Host header, which whoever sends the request chooses.
 */
export function createTwilioWebhookAuth(authToken: string, publicBaseUrl: string) {
  return (signature: string | undefined, pathAndQuery: string, params: FormParams): boolean => {
    if (!signature) return false;
    return twilio.validateRequest(authToken, signature, `${publicBaseUrl}${pathAndQuery}`, params);
  };
}

export type TwilioWebhookAuth = ReturnType<typeof createTwilioWebhookAuth>;
