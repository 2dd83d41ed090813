/**
 * Contact policy as data, and the pure checks that read it: eligibility (flags, arrangements,
 * consent, opt-outs, addresses) and frequency caps. Time windows and holidays live in
 * `../windows/`, which reads the same policy through {@link contactRule}.
 */
export { loadPolicy } from './load-policy.js';
export type { PolicyData } from './load-policy.js';
export { HOLIDAY_LOOKAHEAD, missingHolidayYears } from './missing-holiday-years.js';
export type { MissingHolidayYear } from './missing-holiday-years.js';
export { PolicyError } from './policy-error.js';
export { jurisdictionPolicy, contactRule, frequencyCaps } from './policy-lookup.js';
export { legalTimeZones } from './legal-time.js';
export { capsThatNeverAllow, checkFrequencyCaps } from './frequency-caps.js';
export type { CapCheck, CapCheckInput } from './frequency-caps.js';
export { checkEligibility } from './eligibility.js';
export type { Eligibility, EligibilityInput } from './eligibility.js';
export { consentInForce, contactChannelOf } from './contact-checks.js';
export type {
  AccountState,
  ConsentRecord,
  ContactState,
  InstalmentPlanState,
  MessageToCheck,
  OptOut,
  PromiseToPayState,
  UnreachableAddress,
} from './eligibility-types.js';
export type { CandidateSend, ContactHistoryEntry } from './contact-history.js';
export type {
  ContactRule,
  FrequencyCap,
  JurisdictionPolicy,
  LocalHours,
  Policy,
  QuietAfterCap,
  RollingCap,
} from './policy-types.js';
export {
  AddressType,
  ContactKind,
  PartPopulationObservance,
  PolicyDocument,
  ReassignedNumbersRule,
  SuppressingFlag,
} from './policy-schema.js';
export type {
  ArrangementRule,
  CapWindow,
  ConsentRequirement,
  FlagRule,
  HolidayCalendar,
  LegalTime,
  WorkAddressRule,
} from './policy-schema.js';
