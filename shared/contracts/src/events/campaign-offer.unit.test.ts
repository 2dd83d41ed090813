import { describe, expect, it } from 'vitest';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { AccountPaymentV1 } from './account-payment.v1.js';
import { CampaignOfferV1 } from './campaign-offer.v1.js';
import { OutreachRenderedV1 } from './outreach-rendered.v1.js';

describe('campaign.offer v1', () => {
  const sample = sampleEvents['campaign.offer'];

  it('accepts an account handed to the planner with its variant and channels', () => {
    expect(CampaignOfferV1.safeParse(sample).success).toBe(true);
  });

  it('refuses an offer with no channel, an unknown channel or a short campaign hash', () => {
    const bad = [
      { ...sample.payload, steps: [] },
      { ...sample.payload, steps: [{ channel: 'agent-call', templateId: 'x' }] },
      { ...sample.payload, campaignHash: 'abc' },
    ];
    for (const payload of bad) {
      expect(CampaignOfferV1.safeParse({ ...sample, payload }).success).toBe(false);
    }
  });
});

describe('the campaign fields of other contracts', () => {
  it('carries the variant on a rendered message (1.2), optional', () => {
    const rendered = sampleEvents['outreach.rendered'];
    const withVariant = { ...rendered, payload: { ...rendered.payload, variant: 'champion' } };
    expect(OutreachRenderedV1.safeParse(withVariant).success).toBe(true);
    expect(OutreachRenderedV1.safeParse(rendered).success).toBe(true);
  });

  it('carries a URL-safe payment reference on a payment (1.1), optional', () => {
    const payment = sampleEvents['account.payment'];
    const ok = { ...payment, payload: { ...payment.payload, paymentReference: 'k1.AbC-_9.xyz' } };
    const spaced = { ...payment, payload: { ...payment.payload, paymentReference: 'a b' } };
    expect(AccountPaymentV1.safeParse(ok).success).toBe(true);
    expect(AccountPaymentV1.safeParse(spaced).success).toBe(false);
    expect(AccountPaymentV1.safeParse(payment).success).toBe(true);
  });
});
