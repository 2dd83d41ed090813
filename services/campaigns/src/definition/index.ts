/**
 * A repayment-offer campaign as versioned data, and the pure decisions made from it: loading
 * with line-numbered problems, the JSON Schema, offer terms from an account, the assignment to
 * holdout or variant, and segment membership.
 */
export { Campaign, ComplaintLimits, Holdout, Schedule, Throttle } from './campaign.schema.js';
export {
  ALWAYS_EXCLUDED_FLAGS,
  ArrangementFilter,
  ExposureFilter,
  Segment,
  SegmentExclusions,
} from './segment.schema.js';
export {
  CampaignOffer,
  InstalmentPlanOffer,
  InterestWaiverOffer,
  OfferEligibility,
  PaymentDeferralOffer,
  SettlementDiscountOffer,
} from './offer.schema.js';
export type { CampaignOfferKind } from './offer.schema.js';
export { Variant, Wording, WordingPerLocale } from './variant.schema.js';
export { AmountPerCurrency, AmountRange, DaysPastDueRange } from './campaign-primitives.schema.js';
export { loadCampaign } from './load-campaign.js';
export type { CampaignLoadResult } from './load-campaign.js';
export { checkCampaign } from './check-campaign.js';
export { campaignPathText, campaignProblemText } from './campaign-problem.js';
export type { CampaignProblem } from './campaign-problem.js';
export { campaignJsonSchema, campaignJsonSchemaText } from './campaign-json-schema.js';
export { assign, assignmentPoint } from './assign.js';
export type { Assignment } from './assign.js';
export { offersFor, offerTermsFor } from './offer-terms.js';
export { carriedOffers } from './carried-offers.js';
export type { KindTerms, OfferDecision, OfferTerms } from './offer-terms.js';
export type { OfferIneligibleCode, OfferIneligibleReason } from './offer-eligibility.js';
export { campaignFactsOf } from './account-facts.js';
export type {
  ArrangementFact,
  CampaignAccountFacts,
  CampaignExposure,
  FactsBeyondState,
  OfferFacts,
} from './account-facts.js';
export { localDateAfter, localDateOf, localDaysBetween } from './local-days.js';
export { inSegment } from './in-segment.js';
export type { SegmentMembership, SegmentReason, SegmentReasonCode } from './segment-reasons.js';
export { scheduleDayAt } from './schedule-day.js';
export type { ScheduleDay } from './schedule-day.js';
