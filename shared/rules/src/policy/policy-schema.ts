/**
 * The shape of a policy document as operators write it (YAML, see `policy/default-policy.yaml`).
 * Every field of a jurisdiction is optional here: a jurisdiction states only what differs from
 * the one it extends, and `resolve-policy.ts` checks that the merged result is complete.
 *
 * Day counting: caps count calendar days in the customer's zone unless a cap says
 * `unit: hours`. "7 days" is the candidate's local date and the six before it, which is Reg F's
 * "seven consecutive days" with a conversation's date as day 1 ([S4][S5]).
 */
import { z } from 'zod';
import {
  AccountFlag,
  ConsentBasis,
  CountryCode,
  EndOfWindow,
  IsoDate,
  Jurisdiction,
  OutreachChannel,
  Purpose,
  Slug,
  startsBeforeItEnds,
  TimeOfDay,
  TimeZone,
} from '@kindly/contracts';

/**
 * Where a rule comes from: a source id of `compliance.md` (`S4`, `S28c`), or `firm-policy` /
 * `derived` when the rule is the firm's own choice or an inference rather than a quoted rule.
 */
export const SourceId = z
  .string()
  .regex(/^(?:S\d+[a-z]?|firm-policy|derived)$/, 'expected a source id such as S4, or firm-policy');

/** Sources plus an optional human citation (`12 CFR 1006.14(b)(2)`). */
const sourced = {
  source: z.array(SourceId).min(1),
  cite: z.string().min(1).max(200).optional(),
};

export const DayName = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type DayName = z.infer<typeof DayName>;

/** Local hours on some days, e.g. `{ days: [mon, tue], start: '08:00', end: '21:00' }`. */
export const HoursInput = z
  .strictObject({
    days: z.array(DayName).min(1).max(7),
    start: TimeOfDay,
    end: EndOfWindow,
  })
  .refine(startsBeforeItEnds, {
    path: ['end'],
    message: 'end must be after start; split a window that crosses midnight in two',
  });
export type HoursInput = z.infer<typeof HoursInput>;

/** Which consent a send needs. `bases` lists the lawful grounds that satisfy it. */
export const ConsentRequirement = z
  .strictObject({ required: z.boolean(), bases: z.array(ConsentBasis).max(6) })
  .refine((c) => !c.required || c.bases.length > 0, {
    path: ['bases'],
    message: 'a required consent must name at least one basis',
  });
export type ConsentRequirement = z.infer<typeof ConsentRequirement>;

/** When and on what terms one channel and purpose may be used. All optional: it is a layer. */
export const ContactRuleInput = z.strictObject({
  hours: z.array(HoursInput).max(14).optional(),
  excludeHolidays: z.boolean().optional(),
  excludeSundays: z.boolean().optional(),
  noContactDates: z.array(IsoDate).max(366).optional(),
  /**
   * How many days ahead the planner looks for an allowed time. None within them is `NO_WINDOW`
   * (not `NEVER_ALLOWED`): the account is planned again when they have passed.
   */
  searchHorizonDays: z.number().int().min(1).max(62).optional(),
  /**
   * A send may start only with at least this many minutes left in its window: a call needs time
   * before 21:00 to be made, a text needs seconds. 0: any time left will do.
   */
  minimumMinutesLeft: z.number().int().min(0).max(720).optional(),
  consent: ConsentRequirement.optional(),
  source: sourced.source.optional(),
  cite: sourced.cite,
});
export type ContactRuleInput = z.infer<typeof ContactRuleInput>;

/** The kinds of contact a history records, by outcome. */
export const ContactKind = z.enum(['attempt', 'conversation', 'delivered', 'undelivered']);
export type ContactKind = z.infer<typeof ContactKind>;

/** Phone and e-mail types, as the contact record has them; caps may be limited to some. */
export const AddressType = z.enum(['mobile', 'home', 'work', 'personal']);
export type AddressType = z.infer<typeof AddressType>;

/** Up to a year either way: 366 days, or 8,784 hours. */
export const CapWindow = z
  .strictObject({
    length: z
      .number()
      .int()
      .min(1)
      .max(366 * 24),
    unit: z.enum(['days', 'hours']),
  })
  .refine((w) => w.unit === 'hours' || w.length <= 366, {
    path: ['length'],
    message: 'a window in days is at most 366 days long',
  });
export type CapWindow = z.infer<typeof CapWindow>;

const capCommon = {
  id: Slug,
  channels: z.array(OutreachChannel).min(1).max(OutreachChannel.options.length),
  purposes: z
    .array(Purpose)
    .min(1)
    .max(2)
    .default([...Purpose.options]),
  window: CapWindow,
  ...sourced,
};

/** At most `limit` counted contacts in any window of `window`; `limit: 0` is "never". */
export const RollingCapInput = z.strictObject({
  ...capCommon,
  kind: z.literal('rolling'),
  limit: z.number().int().min(0).max(1000),
  counts: z.array(ContactKind).min(1).default(['attempt', 'conversation', 'delivered']),
  addressTypes: z.array(AddressType).min(1).optional(),
});

/** No contact for `window` after one of the `after` kinds (Reg F's post-conversation wait). */
export const QuietAfterCapInput = z.strictObject({
  ...capCommon,
  kind: z.literal('quiet-after'),
  after: z.array(ContactKind).min(1).default(['conversation']),
});

export const CapInput = z.discriminatedUnion('kind', [RollingCapInput, QuietAfterCapInput]);
export type CapInput = z.infer<typeof CapInput>;

/** The flags whose effect the policy sets; `cured` always suppresses, `charged-off` never. */
export const SuppressingFlag = AccountFlag.exclude(['cured', 'charged-off']);
export type SuppressingFlag = z.infer<typeof SuppressingFlag>;

/** Template kinds: what a template is for (`cease-confirmation`), not which template it is. */
export const TemplateKind = Slug;

export const FlagRule = z.strictObject({
  suppresses: z.array(Purpose).max(2),
  allowTemplateKinds: z.array(TemplateKind).max(20).default([]),
  ...sourced,
});
export type FlagRule = z.infer<typeof FlagRule>;

export const ArrangementRule = z.strictObject({
  graceDays: z.number().int().min(0).max(60),
  pauses: z.array(Purpose).max(2),
  allowTemplateKinds: z.array(TemplateKind).max(20).default([]),
  ...sourced,
});
export type ArrangementRule = z.infer<typeof ArrangementRule>;

export const WorkAddressRule = z.strictObject({
  blockWhenDoNotContactAtWork: z.boolean(),
  workEmailRequiresConsent: z.boolean(),
  ...sourced,
});
export type WorkAddressRule = z.infer<typeof WorkAddressRule>;

/** Days off for part of the population only (China); see `PART_POPULATION_OBSERVANCES`. */
export const PartPopulationObservance = z.enum([
  'womens-day',
  'youth-day',
  'childrens-day',
  'army-day',
]);

/**
 * Which days are holidays. `schedule: date-holidays` (when absent) reads the date-holidays
 * package. `schedule: official` reads the country's official yearly schedule shipped in
 * `holidays/<country>/<year>.yaml` (China: the State Council's notice, days off and make-up
 * working days), and falls back visibly for a year it lacks (`missingHolidayYears`).
 * `observances` lists part-population days that close a day too; none when absent.
 */
export const HolidayCalendar = z
  .strictObject({
    country: CountryCode,
    region: z.string().min(1).max(10).optional(),
    types: z
      .array(z.enum(['public', 'bank', 'school', 'optional', 'observance']))
      .min(1)
      .default(['public']),
    schedule: z.enum(['date-holidays', 'official']).optional(),
    observances: z.array(PartPopulationObservance).max(4).optional(),
    source: sourced.source.optional(),
    cite: sourced.cite,
  })
  .refine((c) => !c.observances?.length || (c.schedule === 'official' && c.country === 'CN'), {
    path: ['observances'],
    message: 'observances are China’s part-population days and need `schedule: official`',
  });
export type HolidayCalendar = z.infer<typeof HolidayCalendar>;

/**
 * A country that keeps one legal time everywhere (China: Beijing time). A phone number or a
 * postal address of the country then puts the customer in this zone alone, instead of in every
 * zone the tz database lists for the country (for China also Asia/Urumqi, Xinjiang's local
 * custom, which would narrow 08:00–21:00 Beijing time to 10:00–21:00). Set only on a country's
 * own entry, not inherited; the zone must be one of the country's zones. The customer's primary
 * zone and the bank's candidates are kept whatever this says.
 */
export const LegalTime = z.strictObject({
  zone: TimeZone,
  ...sourced,
});
export type LegalTime = z.infer<typeof LegalTime>;

const perPurpose = z.strictObject({
  servicing: ContactRuleInput.optional(),
  marketing: ContactRuleInput.optional(),
});

/** `default`, or a jurisdiction code such as `US` or `US-MA`. */
export const JurisdictionKey = z.union([z.literal('default'), Jurisdiction]);

export const JurisdictionInput = z.strictObject({
  extends: JurisdictionKey.optional(),
  description: z.string().min(1).max(500).optional(),
  holidays: HolidayCalendar.optional(),
  legalTime: LegalTime.optional(),
  contact: ContactRuleInput.optional(),
  channels: z
    .strictObject({
      sms: perPurpose.optional(),
      email: perPurpose.optional(),
      letter: perPurpose.optional(),
      'agent-call': perPurpose.optional(),
    })
    .optional(),
  caps: z.array(CapInput).max(50).optional(),
  flags: z.partialRecord(SuppressingFlag, FlagRule).optional(),
  arrangements: z
    .strictObject({
      promiseToPay: ArrangementRule.optional(),
      instalmentPlan: ArrangementRule.optional(),
    })
    .optional(),
  workAddresses: WorkAddressRule.optional(),
});
export type JurisdictionInput = z.infer<typeof JurisdictionInput>;

/**
 * Texts to a number only after a reassigned-numbers database (the FCC's RND) said it was not
 * permanently disconnected since the customer was last known to have it (47 CFR 64.1200(m); Reg
 * F's text safe harbour, 12 CFR 1006.6(d)(5), asks for such a check within the past 60 days).
 * An answer is good for `recheckAfterDays`; `requiredFor` lists the jurisdictions (a country
 * covers its states) whose customers' texts are checked; `onError` says what a text does when
 * the database cannot be asked: `stop` (fail closed) or `send` without the evidence.
 * `onNoData` says what a text does when the database answers "no data" (it knows nothing of the
 * number since the date asked about): only a "no" protects the sender under 64.1200(m), so
 * `stop` by default, `send` where counsel accepts the risk.
 */
export const ReassignedNumbersRule = z.strictObject({
  recheckAfterDays: z.number().int().min(1).max(60),
  requiredFor: z.array(Jurisdiction).min(1).max(50),
  onError: z.enum(['stop', 'send']).default('stop'),
  onNoData: z.enum(['stop', 'send']).default('stop'),
  ...sourced,
});
export type ReassignedNumbersRule = z.infer<typeof ReassignedNumbersRule>;

/** A whole policy document. */
export const PolicyDocument = z.strictObject({
  version: z.number().int().min(1),
  description: z.string().min(1).max(2000).optional(),
  reassignedNumbers: ReassignedNumbersRule.optional(),
  jurisdictions: z
    .record(JurisdictionKey, JurisdictionInput)
    .refine((j) => 'default' in j, { message: 'a `default` jurisdiction is required' }),
});
export type PolicyDocument = z.infer<typeof PolicyDocument>;
