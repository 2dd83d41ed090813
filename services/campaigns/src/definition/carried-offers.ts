/**
 * The campaign's offers as its message carries them (the contracts' `Offer`): only those open
 * to the account, each with the terms the renderer's offer sections state, so that a message
 * states what the campaign offers this customer, not a strategy's defaults. An offer a section
 * could not state truly is left out of the message (an instalment plan over the whole balance:
 * the section speaks of the overdue amount).
 */
import type { Offer } from '@kindly/contracts';
import type { CampaignOffer } from './offer.schema.js';
import type { OfferDecision } from './offer-terms.js';

export function carriedOffers(
  offers: readonly CampaignOffer[],
  decisions: readonly OfferDecision[],
): Offer[] {
  return decisions.flatMap((decision): Offer[] => {
    if (!decision.eligible) return [];
    const { terms } = decision;
    const offer = offers.find((o) => o.offerId === terms.offerId);
    if (offer === undefined) return [];
    const common = {
      offerId: offer.offerId,
      validForDays: offer.validForDays,
      ...(offer.templates !== undefined ? { templates: offer.templates } : {}),
    };
    switch (offer.kind) {
      case 'instalment-plan':
        if (offer.covers !== 'overdue-amount' || terms.kind !== 'instalment-plan') return [];
        // The most instalments that keep each above the campaign's minimum, as computed.
        return [
          {
            kind: 'instalment-plan',
            ...common,
            instalments: {
              min: Math.min(offer.instalments.min, terms.instalments.length),
              max: terms.instalments.length,
            },
          },
        ];
      case 'interest-waiver':
        return [{ kind: 'interest-waiver', ...common, waiverPercent: offer.waiverPercent }];
      case 'settlement-discount':
        return [{ kind: 'settlement-discount', ...common, discountPercent: offer.discountPercent }];
      case 'deferral':
        return [{ kind: 'deferral', ...common, maxDeferralDays: offer.deferralDays }];
    }
  });
}
