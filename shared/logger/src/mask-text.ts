/** What replaces personal data, both for redacted keys and for masked values. */
export const REDACTED = '[redacted]';

// Local part and domain are bounded on the left by a lookbehind so that a long run of word
// characters is scanned once, not once per start position (no quadratic blow-up on big strings).
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

// A phone number (E.164 or local) or an account/card number: at least 8 digits, optionally led by
// `+`, with up to two spaces, dashes or brackets between digits. The run must stand on its own:
// - not glued to a word (`ACC12345678`, `order-12345678`, a UUID's or a hex id's digit groups),
//   because those are identifiers, and masking them would garble event ids in every log line;
// - maximal: if the whole run is not masked, no part of it is (`2025-03-09 10:00` stays whole);
// - not part of a decimal or a time (`1.12345678`, `10:00:00`).
const DIGIT_RUN =
  /(?<![A-Za-z0-9])(?<![A-Za-z0-9]-)(?<!\d[ ()-]{1,2})(?<!\d[.:])\+?\d(?:[ ()-]{0,2}\d){7,}(?![ ()-]{0,2}\d)(?![.:]\d)(?![A-Za-z])(?!-[A-Za-z0-9])/g;

// An IBAN (country, check digits, 11–30 letters or digits, optionally grouped by four). The digit
// rule above misses it because its digits are glued to the country code.
const IBAN =
  /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])/g;
const MIN_IBAN_DIGITS = 8;

const MAYBE_PERSONAL = /[@\d]/;

function maskIban(match: string): string {
  let digits = 0;
  for (const ch of match) if (ch >= '0' && ch <= '9') digits++;
  // Upper-case codes such as `AB12CDEFGHIJ` have few digits; real IBANs have many.
  return digits >= MIN_IBAN_DIGITS ? REDACTED : match;
}

/**
 * Masks what looks like personal data in free text: e-mail addresses, phone numbers, account or
 * card numbers (8 or more digits, spaces and dashes allowed) and IBANs.
 *
 * Fast when there is nothing to mask: strings without `@` or a digit are returned as they are
 * after one scan. It is a safety net for text nobody vetted (an `err.message` from a provider), not
 * a replacement for keeping personal data out of logs; digits glued to letters are treated as
 * identifiers and kept.
 *
 * @returns `text` itself when nothing matched, so callers can compare by identity.
 */
export function maskText(text: string): string {
  if (!MAYBE_PERSONAL.test(text)) return text;
  let masked = text.includes('@') ? text.replace(EMAIL, REDACTED) : text;
  masked = masked.replace(DIGIT_RUN, REDACTED);
  return masked.replace(IBAN, maskIban);
}
