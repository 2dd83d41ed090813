// The pure core of campaign attribution (#17, item 4): signed payment references, attribution of
// payments to exposures, the report's numbers with their confidence intervals, and its CSV.
export {
  isUsableReferenceKey,
  referenceFieldsOf,
  signReference,
  verifyReference,
  type PaymentReferenceErrorCode,
  type PaymentReferenceFields,
  type ReferenceKey,
  type ReferenceRefusal,
  type ReferenceVerification,
} from './payment-reference.js';
export {
  attributePayments,
  type AttributedPayment,
  type Attribution,
  type AttributionErrorCode,
  type AttributionRules,
  type CampaignArm,
  type CampaignExposure,
  type CampaignPayment,
  type NotAttributedReason,
} from './attribute-payments.js';
export {
  campaignReport,
  type CampaignPrices,
  type CampaignReport,
  type CampaignReportInput,
  type GroupReport,
  type Measure,
  type NotAvailableReason,
  type Uplift,
} from './campaign-report.js';
export { type UnitPrice } from './money-by-currency.js';
export {
  newcombeDifferenceInterval,
  wilsonInterval,
  Z_95,
  type DifferenceEstimate,
  type Interval,
} from './proportion-intervals.js';
export { campaignReportCsv, campaignReportRows, csvField, NOT_AVAILABLE } from './report-csv.js';
