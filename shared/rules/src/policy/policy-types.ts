/**
 * A policy after loading: inheritance applied, every jurisdiction complete. This is what the
 * pure decision functions read; they never see the YAML layers.
 */
import type { DayOfWeek, OutreachChannel, Purpose } from '@kindly/contracts';
import type {
  ArrangementRule,
  CapWindow,
  ConsentRequirement,
  ContactKind,
  AddressType,
  FlagRule,
  HolidayCalendar,
  LegalTime,
  ReassignedNumbersRule,
  SuppressingFlag,
  WorkAddressRule,
} from './policy-schema.js';
import type { OfficialHolidays } from '../windows/official-holidays.js';
import type { RuleCaches } from '../rule-caches.js';

/** Local hours on some ISO weekdays (1 = Monday … 7 = Sunday); `end` is exclusive, may be 24:00. */
export interface LocalHours {
  readonly days: readonly DayOfWeek[];
  readonly start: string;
  readonly end: string;
}

/** The complete rule for one channel and purpose in one jurisdiction. */
export interface ContactRule {
  /** Empty: the channel may not be used for this purpose at all. */
  readonly hours: readonly LocalHours[];
  readonly excludeHolidays: boolean;
  readonly excludeSundays: boolean;
  /** Local dates (`YYYY-MM-DD`) on which nothing is sent, on top of holidays. */
  readonly noContactDates: readonly string[];
  /** How many days ahead an allowed time is looked for; none within them is `NO_WINDOW`. */
  readonly searchHorizonDays: number;
  /** A send starts only with at least this many minutes left in its window. */
  readonly minimumMinutesLeft: number;
  readonly consent: ConsentRequirement;
  /** Every source that contributed to this rule, across the inheritance chain. */
  readonly source: readonly string[];
}

interface CapBase {
  readonly id: string;
  readonly channels: readonly OutreachChannel[];
  readonly purposes: readonly Purpose[];
  readonly window: CapWindow;
  readonly source: readonly string[];
  readonly cite?: string;
}

/** At most `limit` counted contacts in any rolling window; 0 never allows one. */
export interface RollingCap extends CapBase {
  readonly kind: 'rolling';
  readonly limit: number;
  readonly counts: readonly ContactKind[];
  /** Absent: every address counts. Present: only contacts to these types count and are capped. */
  readonly addressTypes?: readonly AddressType[];
}

/** No contact on these channels for `window` after a contact of an `after` kind. */
export interface QuietAfterCap extends CapBase {
  readonly kind: 'quiet-after';
  readonly after: readonly ContactKind[];
}

export type FrequencyCap = RollingCap | QuietAfterCap;

/** Everything the policy says for one jurisdiction. */
export interface JurisdictionPolicy {
  /** `default`, `US`, `US-MA`, … */
  readonly id: string;
  /** This jurisdiction, then its parent, up to `default`: where each value may have come from. */
  readonly lineage: readonly string[];
  readonly holidays?: HolidayCalendar;
  /** The country's one legal time, where the policy sets it (its own entry only). */
  readonly legalTime?: LegalTime;
  readonly rules: Readonly<Record<OutreachChannel, Readonly<Record<Purpose, ContactRule>>>>;
  readonly caps: readonly FrequencyCap[];
  readonly flags: Readonly<Record<SuppressingFlag, FlagRule>>;
  readonly arrangements: {
    readonly promiseToPay: ArrangementRule;
    readonly instalmentPlan: ArrangementRule;
  };
  readonly workAddresses: WorkAddressRule;
}

/** A loaded policy. */
export interface Policy {
  readonly version: number;
  /** The reassigned-numbers check before texts, where the policy sets one. */
  readonly reassignedNumbers?: ReassignedNumbersRule;
  readonly jurisdictions: ReadonlyMap<string, JurisdictionPolicy>;
  /**
   * The official holiday schedules a `holidays.schedule: official` reads, by country. Absent or
   * without a year: that year falls back (see `missingHolidayYears`).
   */
  readonly officialHolidays?: OfficialHolidays;
  /** What the policy keeps of its answers (see `RuleCaches`); made with it, never shared. */
  readonly caches: RuleCaches;
}
