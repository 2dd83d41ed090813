import type { FormParams } from './twilio-signature.js';

/**
 * Parses `application/x-www-form-urlencoded` (a request body or a query string) keeping repeated
 * names as lists, as Twilio's clients send list parameters such as `MediaUrl` (`MediaUrl=a&MediaUrl=b`).
 */
export function parseFormParams(encoded: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(encoded)) {
    const previous = params[name];
    if (previous === undefined) params[name] = value;
    else if (typeof previous === 'string') params[name] = [previous, value];
    else previous.push(value);
  }
  return params;
}

/** The single value of a parameter (the first, if it was repeated). */
export function singleParam(params: FormParams, name: string): string | undefined {
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** Encodes parameters for a webhook POST body, in the order given. */
export function encodeFormParams(params: FormParams): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    for (const each of typeof value === 'string' ? [value] : value) search.append(name, each);
  }
  return search.toString();
}
