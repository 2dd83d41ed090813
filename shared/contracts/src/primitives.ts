/**
 * The building blocks of every event: identifiers, instants, money, contact points, channels.
 * Each is a zod schema with a type of the same name. Strings are always bounded: the events come
 * from outside, and an unbounded string is a way to fill a topic or a database.
 */
import { z } from 'zod';
import { isKnownTimeZone } from './time-zone.js';

/** The account an event is about. It is the Kafka key of every topic. */
export const AccountId = z.string().min(1).max(64);
export type AccountId = z.infer<typeof AccountId>;

/**
 * An opaque identifier (event, message, payment, cycle, tenant, …): printable ASCII without
 * spaces, so that it can go into a header, a log line or a URL unchanged, and is no place for text.
 */
export const Identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!-~]+$/, 'expected printable ASCII without spaces');
export type Identifier = z.infer<typeof Identifier>;

/** A short name of a thing in Kindly's configuration (template, strategy, campaign, provider). */
export const Slug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected letters, digits, ".", "_" or "-"');
export type Slug = z.infer<typeof Slug>;

/** A machine-readable reason code such as `DPD_30` or `FIRST_REMINDER`. */
export const ReasonCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Z][A-Z0-9_]*$/, 'expected an UPPER_SNAKE_CASE code');
export type ReasonCode = z.infer<typeof ReasonCode>;

/**
 * A reference to a record elsewhere (a case number, a document id), never a note: free text is
 * where personal data slips in, and events are kept and replayed.
 */
export const Reference = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/#-]*$/, 'expected a reference, not free text');
export type Reference = z.infer<typeof Reference>;

/** An instant, ISO-8601 in UTC with a `Z` and seconds, e.g. `2025-03-09T14:30:00Z`. */
export const UtcDateTime = z.iso.datetime();
export type UtcDateTime = z.infer<typeof UtcDateTime>;

/** A calendar date without a zone, `YYYY-MM-DD` (due dates, promised dates). */
export const IsoDate = z.iso.date();
export type IsoDate = z.infer<typeof IsoDate>;

/** A wall-clock time of day, `HH:mm`, 00:00 to 23:59. */
export const TimeOfDay = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');
export type TimeOfDay = z.infer<typeof TimeOfDay>;

/** The end of a local window, `HH:mm`; `24:00` means until midnight. Exclusive. */
export const EndOfWindow = z
  .string()
  .regex(/^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/, 'expected HH:mm or 24:00');
export type EndOfWindow = z.infer<typeof EndOfWindow>;

const WALL_CLOCK = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

/**
 * For a `.refine` on a window: zero-padded `HH:mm` strings order like the times they name.
 * A window that crosses midnight is two windows, so that no reader has to guess. Malformed
 * times pass here: their own fields report them, once.
 */
export function startsBeforeItEnds(window: { readonly start: string; readonly end: string }) {
  if (!WALL_CLOCK.test(window.start) || !WALL_CLOCK.test(window.end)) return true;
  return window.start < window.end;
}

/**
 * For a `.refine` on two instants: false only when both are valid and `first` is after `second`
 * (or, with `strict`, not before it). Invalid instants pass here: their own fields report them.
 */
export function inOrder(first: string, second: string, strict = false): boolean {
  const a = Date.parse(first);
  const b = Date.parse(second);
  if (Number.isNaN(a) || Number.isNaN(b)) return true;
  return strict ? a < b : a <= b;
}

/** An ISO day of the week: 1 is Monday, 7 is Sunday. */
export const DayOfWeek = z.number().int().min(1).max(7);
export type DayOfWeek = z.infer<typeof DayOfWeek>;

/** An IANA time-zone name (`Asia/Shanghai`, `America/New_York`) that the runtime knows. */
export const TimeZone = z
  .string()
  .min(1)
  .max(64)
  // The pattern keeps offsets such as `+08:00` out (newer runtimes accept them as zones) and
  // is what the exported JSON Schema can say; the refine asks the time-zone database itself.
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, 'expected an IANA time zone')
  .refine(isKnownTimeZone, 'unknown IANA time zone');
export type TimeZone = z.infer<typeof TimeZone>;

/** ISO 4217 alphabetic currency code, e.g. `CNY`, `USD`. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

/**
 * An amount of money as an integer number of minor units (fen, cents) in a currency. Never a
 * float: 0.1 + 0.2 is not 0.3, and a customer's balance must be exact.
 */
export const Money = z.strictObject({
  amountMinor: z.number().int(),
  currency: CurrencyCode,
});
export type Money = z.infer<typeof Money>;

/** Money that cannot be below zero (an overdue amount, a minimum payment). */
export const NonNegativeMoney = z.strictObject({
  amountMinor: z.number().int().nonnegative(),
  currency: CurrencyCode,
});

/** Money that is more than zero (a payment, an instalment). */
export const PositiveMoney = z.strictObject({
  amountMinor: z.number().int().positive(),
  currency: CurrencyCode,
});

/** True when all the amounts are in one currency; for a `.refine` across an event's amounts. */
export function oneCurrency(amounts: readonly Money[]): boolean {
  return amounts.every((amount) => amount.currency === amounts[0]?.currency);
}

/** A phone number in E.164: `+`, country code, subscriber number, no spaces. */
export const PhoneNumber = z.string().regex(/^\+[1-9]\d{6,14}$/, 'expected an E.164 number');
export type PhoneNumber = z.infer<typeof PhoneNumber>;

/** An e-mail address. 254 is the longest address SMTP carries. */
export const EmailAddress = z.email().max(254);
export type EmailAddress = z.infer<typeof EmailAddress>;

/** ISO 3166-1 alpha-2 country code, e.g. `CN`, `US`, `GB`. */
export const CountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code');
export type CountryCode = z.infer<typeof CountryCode>;

/**
 * Whose rules apply: a country (ISO 3166-1 alpha-2), optionally with a subdivision (the part
 * after the dash of ISO 3166-2), e.g. `CN`, `GB`, `US-MA`. Several US states have their own rules.
 */
export const Jurisdiction = z
  .string()
  .regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, 'expected a country code with an optional subdivision');
export type Jurisdiction = z.infer<typeof Jurisdiction>;

function isCanonicalLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag)[0] === tag;
  } catch {
    return false;
  }
}

/**
 * A BCP 47 language tag in its canonical form (`zh-CN`, `en-US`, `zh-Hant-HK`). Canonical, so
 * that template look-ups and comparisons can use plain string equality.
 */
export const Locale = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'expected a BCP 47 language tag')
  .refine(isCanonicalLocale, 'expected a canonical BCP 47 tag, e.g. zh-CN or en-US');
export type Locale = z.infer<typeof Locale>;

/** The locales Kindly has templates for first; any other well-formed tag is accepted too. */
export const PRIMARY_LOCALES = ['zh-CN', 'en-US'] as const;

/** Why a message is sent. Consent, windows and caps differ between the two. */
export const Purpose = z.enum(['servicing', 'marketing']);
export type Purpose = z.infer<typeof Purpose>;

/** A way the customer can be reached, as consent is given for it. */
export const ContactChannel = z.enum(['sms', 'email', 'letter', 'voice']);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** A channel a message is rendered and sent on by Kindly itself. */
export const MessageChannel = z.enum(['sms', 'email', 'letter']);
export type MessageChannel = z.infer<typeof MessageChannel>;

/** A channel an outreach step can use: a sent message, or a call by an agent. */
export const OutreachChannel = z.enum([...MessageChannel.options, 'agent-call']);
export type OutreachChannel = z.infer<typeof OutreachChannel>;

/** A step of a contact strategy: 1 is the first, friendliest reminder; later ones are firmer. */
export const Stage = z.number().int().min(1).max(20);
export type Stage = z.infer<typeof Stage>;

/** Days past the due date. */
export const DaysPastDue = z.number().int().min(0).max(36_500);
export type DaysPastDue = z.infer<typeof DaysPastDue>;

/** A SHA-256 digest, lower-case hex. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex SHA-256');
export type Sha256Hex = z.infer<typeof Sha256Hex>;

/** For a `.refine` on an array: no value twice. */
export function noDuplicates(values: readonly unknown[]): boolean {
  return new Set(values).size === values.length;
}

/**
 * The signed reference a campaign message's payment link ends with (`<key id>.<message
 * reference>.<MAC>`): the bank's payment page passes it back on the payment. URL-safe, no spaces.
 */
export const PaymentReference = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9._~-]+$/, 'expected a URL-safe reference (letters, digits, . _ ~ -)');
export type PaymentReference = z.infer<typeof PaymentReference>;

/**
 * A campaign message's signed payment reference as the campaigns service makes it: a key id (1–8
 * letters and digits), the message's short reference, and a 128-bit MAC in upper-case base32.
 * Exact, because the renderer appends it to a payment link as it is.
 */
export const SignedPaymentReference = z
  .string()
  .regex(
    /^[A-Za-z0-9]{1,8}\.KD[0-9A-F]{10}\.[A-Z2-7]{26}$/,
    'expected <key id>.<message reference>.<MAC>',
  );
export type SignedPaymentReference = z.infer<typeof SignedPaymentReference>;
