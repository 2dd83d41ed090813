/**
 * Keys whose values are personal data wherever they appear: the brief's contact and message keys,
 * the names the event contracts use (`postalAddresses`, an appointment's `note`, an e-mail's
 * `headers`), and amounts owed (STYLE P15): a debt tied to an account is personal too.
 */
export const PERSONAL_KEYS = [
  'name',
  'firstName',
  'lastName',
  'fullName',
  'phone',
  'phones',
  'mobile',
  'email',
  'emails',
  'address',
  'addresses',
  'postalAddress',
  'postalAddresses',
  'accountNumber',
  'iban',
  'to',
  'from',
  'recipient',
  'body',
  'html',
  'text',
  'subject',
  'headers',
  'note',
  'amountMinor',
] as const;

const PERSONAL_KEY_SET: ReadonlySet<string> = new Set(PERSONAL_KEYS);

/** Whether a key's value is censored wherever it appears (used by the value masking). */
export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEY_SET.has(key);
}

/**
 * pino's `redact` paths: {@link PERSONAL_KEYS} at the top level of a log line only.
 *
 * Nested keys (`*.phone`, `*.*.phone`, `payload.*.phone`) are censored by the value masking,
 * which runs first and reaches any depth, not by pino's wildcard paths: measured with pino 10
 * (`@pinojs/redact`), one- and two-level wildcard paths for these keys turn a 1 µs log line into 10–30 µs,
 * on every line, whether or not anything is redacted; the walk costs 0.4–1 µs. Top-level paths
 * cost nothing measurable and guard whatever pino adds after the walk (serializer output).
 * A `*.name` path would also have censored every `err.name`.
 */
export function redactPaths(): string[] {
  return [...PERSONAL_KEYS];
}
