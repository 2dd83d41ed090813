import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters as Twilio posts them: a name may repeat, so a value may be a list. */
export type FormParams = Readonly<Record<string, string | readonly string[]>>;

/**
 * The `X-Twilio-Signature` Twilio puts on every webhook it sends, computed the way Twilio
 * documents it: the full URL the request goes to, then each POST parameter's name and value
 * appended in the order of the names (a repeated name once per value, values sorted), the whole
 * string signed with HMAC-SHA1 keyed by the account's auth token, encoded as base64.
 */
export function computeTwilioSignature(authToken: string, url: string, params: FormParams): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const each of values) data += name + each;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Whether `signature` is the one Twilio would send for this request (constant-time compare). */
export function isValidTwilioSignature(
  authToken: string,
  signature: string,
  url: string,
  params: FormParams,
): boolean {
  const expected = Buffer.from(computeTwilioSignature(authToken, url, params));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
