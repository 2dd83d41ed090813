/**
 * Whether an account may get an offer at all: the conditions every offer shares (its
 * eligibility block, a fee in the account's currency, amounts in one currency). The kinds'
 * own conditions are in `offer-terms.ts`, beside the terms they protect.
 */
import type { CampaignOffer } from './offer.schema.js';
import type { OfferFacts } from './account-facts.js';

/** Why an account cannot get an offer. */
export type OfferIneligibleCode =
  | 'MIXED_CURRENCIES'
  | 'DAYS_PAST_DUE_BELOW'
  | 'DAYS_PAST_DUE_ABOVE'
  | 'PRODUCT_NOT_OFFERED'
  | 'CURRENCY_NOT_OFFERED'
  | 'OVERDUE_AMOUNT_BELOW_MINIMUM'
  | 'NOTHING_TO_REPAY'
  | 'TOO_LITTLE_FOR_INSTALMENTS'
  | 'NEEDS_INSTALMENT_PLAN'
  | 'BALANCE_BELOW_MINIMUM';

export interface OfferIneligibleReason {
  readonly code: OfferIneligibleCode;
  /** The numbers that decided it, for an operator (no personal data: amounts and days only). */
  readonly detail: string;
}

export function reason(code: OfferIneligibleCode, detail: string): OfferIneligibleReason {
  return { code, detail };
}

/** Every shared condition the account fails; empty when it meets them all. */
export function sharedIneligibility(
  offer: CampaignOffer,
  facts: OfferFacts,
): OfferIneligibleReason[] {
  const reasons: OfferIneligibleReason[] = [];
  const currency = facts.overdueAmount.currency;
  const amounts = [facts.totalBalance, facts.minimumPayment, facts.accruedInterest];
  if (amounts.some((amount) => amount !== undefined && amount.currency !== currency)) {
    reasons.push(reason('MIXED_CURRENCIES', `the account's amounts are not all in ${currency}`));
  }
  const { daysPastDue, minOverdueAmount, products } = offer.eligibility ?? {};
  if (daysPastDue !== undefined && facts.daysPastDue < daysPastDue.from) {
    reasons.push(reason('DAYS_PAST_DUE_BELOW', `${facts.daysPastDue} < ${daysPastDue.from}`));
  }
  if (daysPastDue?.to !== undefined && facts.daysPastDue > daysPastDue.to) {
    reasons.push(reason('DAYS_PAST_DUE_ABOVE', `${facts.daysPastDue} > ${daysPastDue.to}`));
  }
  if (products !== undefined && !products.includes(facts.product)) {
    reasons.push(reason('PRODUCT_NOT_OFFERED', facts.product));
  }
  if (minOverdueAmount !== undefined) {
    const minimum = minOverdueAmount[currency];
    if (minimum === undefined) {
      reasons.push(
        reason('CURRENCY_NOT_OFFERED', `eligibility.minOverdueAmount has no ${currency}`),
      );
    } else if (facts.overdueAmount.amountMinor < minimum) {
      reasons.push(
        reason(
          'OVERDUE_AMOUNT_BELOW_MINIMUM',
          `${facts.overdueAmount.amountMinor} < ${minimum} ${currency}`,
        ),
      );
    }
  }
  if (offer.fee !== undefined && offer.fee[currency] === undefined) {
    reasons.push(reason('CURRENCY_NOT_OFFERED', `fee has no ${currency}`));
  }
  return reasons;
}
