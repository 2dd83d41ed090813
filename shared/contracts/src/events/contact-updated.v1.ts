import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  AccountId,
  CountryCode,
  DayOfWeek,
  EmailAddress,
  EndOfWindow,
  Jurisdiction,
  Locale,
  noDuplicates,
  PhoneNumber,
  startsBeforeItEnds,
  TimeOfDay,
  TimeZone,
  UtcDateTime,
} from '../primitives.js';

const namePart = z.string().min(1).max(100);

/** Family name required; a person with one name has it there. `given` is absent then. */
export const PersonName = z.strictObject({
  family: namePart,
  given: namePart.optional(),
  middle: namePart.optional(),
});
export type PersonName = z.infer<typeof PersonName>;

export const Phone = z.strictObject({
  number: PhoneNumber,
  type: z.enum(['mobile', 'home', 'work']),
  primary: z.boolean(),
});
export type Phone = z.infer<typeof Phone>;

export const Email = z.strictObject({
  address: EmailAddress,
  type: z.enum(['personal', 'work']),
});
export type Email = z.infer<typeof Email>;

export const PostalAddress = z.strictObject({
  lines: z.array(z.string().min(1).max(200)).min(1).max(4),
  city: z.string().min(1).max(100),
  // Not every country has regions or postal codes (Hong Kong has neither).
  region: z.string().min(1).max(100).optional(),
  postalCode: z.string().min(1).max(20).optional(),
  country: CountryCode,
});
export type PostalAddress = z.infer<typeof PostalAddress>;

/**
 * A postal address on one line, `country|postal code|city|lines…`: the form a letter's
 * `delivery.outcome` names its address in, and the one the audit keys it by.
 */
export function postalAddressText(address: {
  readonly country: string;
  readonly postalCode?: string | undefined;
  readonly city: string;
  readonly lines: readonly string[];
}): string {
  return [address.country, address.postalCode ?? '', address.city, ...address.lines].join('|');
}

/** Days and local times, in the customer's zone: when they asked to be (or not to be) contacted. */
export const WeeklyWindow = z
  .strictObject({
    days: z.array(DayOfWeek).min(1).max(7).refine(noDuplicates, 'a day is named twice'),
    start: TimeOfDay,
    end: EndOfWindow,
  })
  .refine(startsBeforeItEnds, {
    path: ['end'],
    message: 'end must be after start; split a window that crosses midnight in two',
  });
export type WeeklyWindow = z.infer<typeof WeeklyWindow>;

/** A time the customer asked to be called back at. */
export const Appointment = z.strictObject({
  at: UtcDateTime,
  note: z.string().min(1).max(500).optional(),
});
export type Appointment = z.infer<typeof Appointment>;

/**
 * From the bank: the whole current contact record of an account's holder. Each event replaces
 * the last (by `occurredAt`); a list that is empty or absent means there is none.
 */
export const ContactUpdatedV1Payload = z
  .strictObject({
    accountId: AccountId,
    name: PersonName,
    phones: z.array(Phone).max(10),
    emails: z.array(Email).max(10),
    postalAddresses: z.array(PostalAddress).max(5),
    locale: Locale.describe('The language to write in, BCP 47, e.g. zh-CN or en-US'),
    timeZone: TimeZone.describe('The IANA zone the customer most likely is in'),
    candidateTimeZones: z
      .array(TimeZone)
      .max(5)
      .describe(
        'Other zones the customer may be in (address vs. phone area); windows must hold in all',
      ),
    jurisdiction: Jurisdiction,
    preferredWindows: z.array(WeeklyWindow).max(14),
    inconvenientWindows: z
      .array(WeeklyWindow)
      .max(14)
      .optional()
      .describe('Times the customer said are inconvenient; never contact then'),
    appointments: z.array(Appointment).max(20).optional(),
    doNotContactAtWork: z.boolean(),
  })
  .refine((p) => p.phones.filter((phone) => phone.primary).length <= 1, {
    path: ['phones'],
    message: 'at most one primary phone',
  })
  .refine((p) => noDuplicates(p.phones.map((phone) => phone.number)), {
    path: ['phones'],
    message: 'a number is listed twice',
  })
  .refine((p) => noDuplicates(p.emails.map((email) => email.address.toLowerCase())), {
    path: ['emails'],
    message: 'an address is listed twice',
  });
export type ContactUpdatedV1Payload = z.infer<typeof ContactUpdatedV1Payload>;

export const ContactUpdatedV1 = eventSchema('contact.updated', 1, ContactUpdatedV1Payload);
export type ContactUpdatedV1 = z.infer<typeof ContactUpdatedV1>;
