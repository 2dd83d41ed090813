/** Helpers for offer tests: the terms of an eligible decision, the reason codes of a refusal. */
import type { InstalmentPlanOffer } from '../offer.schema.js';
import type { OfferDecision } from '../offer-terms.js';

/** 4 March in New York and Los Angeles, 5 March in UTC. */
export const OFFER_NOW = new Date('2027-03-05T03:00:00Z');

/** 6 to 24 instalments of at least USD 25.00 or CNY 100.00, covering the overdue amount. */
export const aPlanOffer: InstalmentPlanOffer = {
  kind: 'instalment-plan',
  offerId: 'plan-6-24',
  covers: 'overdue-amount',
  instalments: { min: 6, max: 24 },
  minInstalment: { USD: 2500, CNY: 10000 },
  validForDays: 30,
};

export function termsOf(decision: OfferDecision) {
  if (!decision.eligible) throw new Error(`ineligible: ${JSON.stringify(decision.reasons)}`);
  return decision.terms;
}

export function reasonsOf(decision: OfferDecision): string[] {
  if (decision.eligible) throw new Error('expected the account to be refused');
  return decision.reasons.map((reason) => reason.code);
}
