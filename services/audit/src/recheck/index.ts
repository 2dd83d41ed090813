// The audit's independent re-check of every send (issue 16, item 3).
export { recheckAccount } from './recheck-account.js';
export type { CheckedSend, RecheckOptions, RecheckReport } from './recheck-account.js';
export {
  parsePolicyDocument,
  resolveJurisdiction,
  shippedPolicy,
  type PolicyAt,
  type PolicyDocument,
} from './policy-document.js';
export { createHolidayLookup, type HolidayFact, type HolidayLookup } from './holiday-lookup.js';
export type * from './recheck-types.js';
