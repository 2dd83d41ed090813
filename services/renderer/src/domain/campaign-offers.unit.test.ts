import { describe, expect, it } from 'vitest';
import { sampleEvents, type Offer } from '@kindly/contracts';
import { loadPlanningRules } from '@kindly/rules';
import { offersFor } from './render-outreach.use-case.js';

const strategies = loadPlanningRules().strategies;
const released = sampleEvents['outreach.released'].payload;

describe('the offers a message states', () => {
  it('are a campaign message’s own when it carries them, not the strategy stage’s', () => {
    const campaignOffers: Offer[] = [
      {
        kind: 'instalment-plan',
        offerId: 'spring-plan',
        instalments: { min: 6, max: 12 },
        validForDays: 30,
        templates: { email: 'offer-instalment-plan-email' },
      },
      // No e-mail section: not stated in an e-mail.
      { kind: 'settlement-discount', offerId: 'settle', discountPercent: 20, validForDays: 30 },
    ];
    const stated = offersFor(strategies, {
      ...released,
      channel: 'email',
      strategyId: 'repayment-offer-campaign',
      strategyVersion: 1,
      stage: 1,
      offers: campaignOffers,
    });
    expect(stated).toEqual([campaignOffers[0]]);
  });

  it('are the strategy stage’s for a message without its own', () => {
    const stated = offersFor(strategies, {
      ...released,
      channel: 'email',
      strategyId: 'repayment-offer-campaign',
      strategyVersion: 1,
      stage: 1,
    });
    expect(stated.map((o) => o.offerId)).toEqual(['campaign-plan-6-24', 'campaign-waiver-100']);
  });
});
