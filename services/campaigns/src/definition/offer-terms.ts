/**
 * The exact terms of an offer for one account, computed from its facts at `now`: every amount
 * in whole minor units, every date on the customer's calendar. Pure: the same offer, facts and
 * `now` always give the same terms, so a message, a report and an agent all quote one figure.
 */
import type { Money } from '@kindly/contracts';
import type { OfferFacts } from './account-facts.js';
import { localDateAfter } from './local-days.js';
import { money, percentRoundedUp, splitIntoInstalments } from './minor-units.js';
import { reason, sharedIneligibility, type OfferIneligibleReason } from './offer-eligibility.js';
import type { CampaignOffer, CampaignOfferKind } from './offer.schema.js';

interface TermsCommon {
  readonly offerId: string;
  /** The fee for taking the offer, stated on its own (zero when the offer sets none). */
  readonly fee: Money;
  /** The last local date the customer may accept on, and the UTC instant that date ends. */
  readonly validUntilDate: string;
  readonly validUntil: string;
}

/** The terms only one kind of offer has. */
export type KindTerms =
  | {
      readonly kind: 'instalment-plan';
      readonly covered: Money;
      /** Equal instalments; the last absorbs the remainder. They add up to `covered` exactly. */
      readonly instalments: readonly Money[];
    }
  | {
      /** Of the interest charged while the plan is kept: an amount only the plan's run decides. */
      readonly kind: 'interest-waiver';
      readonly waiverPercent: number;
    }
  | {
      readonly kind: 'settlement-discount';
      readonly discountPercent: number;
      readonly discount: Money;
      /** What settles the whole balance: the balance less the discount. */
      readonly settlementAmount: Money;
    }
  | { readonly kind: 'deferral'; readonly deferredAmount: Money; readonly deferredUntil: string };

/** An offer's terms for one account. */
export type OfferTerms = TermsCommon & KindTerms;

export type OfferDecision =
  | { readonly eligible: true; readonly terms: OfferTerms }
  | {
      readonly eligible: false;
      readonly offerId: string;
      readonly kind: CampaignOfferKind;
      readonly reasons: readonly OfferIneligibleReason[];
    };

/** Whether the account may get the offer at `now`, with the exact terms or every reason not. */
export function offerTermsFor(offer: CampaignOffer, facts: OfferFacts, now: Date): OfferDecision {
  const shared = sharedIneligibility(offer, facts);
  const own = kindTerms(offer, facts, now);
  const reasons = [...shared, ...(Array.isArray(own) ? own : [])];
  if (reasons.length > 0 || Array.isArray(own)) {
    return { eligible: false, offerId: offer.offerId, kind: offer.kind, reasons };
  }
  const currency = facts.overdueAmount.currency;
  const validity = localDateAfter(now, offer.validForDays, facts.timeZone);
  const common: TermsCommon = {
    offerId: offer.offerId,
    fee: money(offer.fee?.[currency] ?? 0, currency),
    validUntilDate: validity.date,
    validUntil: validity.endsAt,
  };
  return { eligible: true, terms: { ...common, ...own } };
}

/**
 * Every offer of a campaign for one account, in the campaign's order of preference: the
 * eligible ones with their terms, the others with their reasons (a preview counts them).
 */
export function offersFor(
  offers: readonly CampaignOffer[],
  facts: OfferFacts,
  now: Date,
): OfferDecision[] {
  const decisions = offers.map((offer) => offerTermsFor(offer, facts, now));
  // A waiver of the plan's interest goes with a plan: without one open, it is no offer.
  const planOpen = decisions.some((d) => d.eligible && d.terms.kind === 'instalment-plan');
  return decisions.map((decision) =>
    decision.eligible && decision.terms.kind === 'interest-waiver' && !planOpen
      ? {
          eligible: false,
          offerId: decision.terms.offerId,
          kind: 'interest-waiver',
          reasons: [reason('NEEDS_INSTALMENT_PLAN', 'no instalment plan is open to the account')],
        }
      : decision,
  );
}

/** The terms only this kind has, or the reasons this kind refuses the account. */
function kindTerms(
  offer: CampaignOffer,
  facts: OfferFacts,
  now: Date,
): KindTerms | OfferIneligibleReason[] {
  const currency = facts.overdueAmount.currency;
  switch (offer.kind) {
    case 'instalment-plan': {
      const covered =
        offer.covers === 'overdue-amount'
          ? facts.overdueAmount.amountMinor
          : facts.totalBalance.amountMinor;
      const minimum = offer.minInstalment[currency];
      if (minimum === undefined)
        return [reason('CURRENCY_NOT_OFFERED', `minInstalment has no ${currency}`)];
      if (covered <= 0) return [reason('NOTHING_TO_REPAY', `${offer.covers} is ${covered}`)];
      // The most instalments that keep each at or above the minimum: the lowest payment the
      // offer allows is the one most likely to be kept.
      const count = Math.min(offer.instalments.max, Math.floor(covered / Math.max(minimum, 1)));
      if (count < offer.instalments.min) {
        return [
          reason(
            'TOO_LITTLE_FOR_INSTALMENTS',
            `${covered} ${currency} makes fewer than ${offer.instalments.min} instalments of ${minimum}`,
          ),
        ];
      }
      return {
        kind: 'instalment-plan',
        covered: money(covered, currency),
        instalments: splitIntoInstalments(covered, count).map((amount) => money(amount, currency)),
      };
    }
    case 'interest-waiver':
      // Whether a plan is open to the account is decided over the campaign's offers (offersFor).
      return { kind: 'interest-waiver', waiverPercent: offer.waiverPercent };
    case 'settlement-discount': {
      const balance = facts.totalBalance.amountMinor;
      const minimum = offer.minBalance[currency];
      if (minimum === undefined)
        return [reason('CURRENCY_NOT_OFFERED', `minBalance has no ${currency}`)];
      if (balance < minimum)
        return [reason('BALANCE_BELOW_MINIMUM', `${balance} < ${minimum} ${currency}`)];
      if (balance <= 0) return [reason('NOTHING_TO_REPAY', `total balance is ${balance}`)];
      const discount = percentRoundedUp(balance, offer.discountPercent);
      return {
        kind: 'settlement-discount',
        discountPercent: offer.discountPercent,
        discount: money(discount, currency),
        settlementAmount: money(balance - discount, currency),
      };
    }
    case 'deferral': {
      const overdue = facts.overdueAmount.amountMinor;
      if (overdue <= 0) return [reason('NOTHING_TO_REPAY', 'nothing is overdue')];
      return {
        kind: 'deferral',
        deferredAmount: money(overdue, currency),
        deferredUntil: localDateAfter(now, offer.deferralDays, facts.timeZone).date,
      };
    }
  }
}
