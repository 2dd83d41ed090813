/** The rules of a campaign's offers that span fields. */
import type { MessageChannel } from '@kindly/contracts';
import type { CampaignOffer } from './offer.schema.js';
import { duplicates, type CampaignProblem } from './campaign-problem.js';

export function checkOffers(
  offers: readonly CampaignOffer[],
  channels: readonly MessageChannel[],
): CampaignProblem[] {
  const problems = duplicates(
    offers.map((offer) => offer.offerId),
    ['offers'],
    'offer id',
  );
  offers.forEach((offer, index) => {
    const path = ['offers', index];
    if (offer.kind === 'instalment-plan' && offer.instalments.max < offer.instalments.min) {
      problems.push({ path: [...path, 'instalments', 'max'], message: 'expected max ≥ min' });
    }
    const days = offer.eligibility?.daysPastDue;
    if (days?.to !== undefined && days.to < days.from) {
      problems.push({
        path: [...path, 'eligibility', 'daysPastDue', 'to'],
        message: 'expected to ≥ from',
      });
    }
    for (const [channel, templateId] of Object.entries(offer.templates ?? {})) {
      const at = [...path, 'templates', channel];
      if (!channels.some((used) => used === channel)) {
        problems.push({ path: at, message: `the campaign does not send on ${channel}` });
      } else if (templateId !== `offer-${offer.kind}-${channel}`) {
        // The renderer finds an offer's section by this name (strategies/README.md, "Template ids").
        problems.push({ path: at, message: `expected offer-${offer.kind}-${channel}` });
      }
    }
  });
  return problems;
}
