import { describe, expect, it } from 'vitest';
import { campaignReport } from '../attribution/index.js';
import { campaignReportHtml } from './report-html.js';

const exposure = (accountId: string, variant?: string) => ({
  accountId,
  arm: variant ? { group: 'treatment' as const, variant } : { group: 'holdout' as const },
  assignedAt: '2027-03-01T01:00:00Z',
  messageIds: variant ? [`m-${accountId}`] : [],
  delivered: variant !== undefined,
  clicked: false,
  smsSegments: variant ? 1 : 0,
  letters: 0,
});

describe('the campaign report page', () => {
  it('draws the conversion and the uplift’s interval as inline SVG, and escapes names', async () => {
    const report = campaignReport({
      rules: { tenantId: 'bank-1', campaignId: 'c-1', windowDays: 30 },
      exposures: [
        exposure('a1'),
        exposure('a2'),
        exposure('a3', 'champion'),
        exposure('a4', 'champion'),
      ],
      payments: [
        {
          paymentId: 'p1',
          accountId: 'a3',
          amount: { amountMinor: 100, currency: 'USD' },
          paidAt: '2027-03-02T00:00:00Z',
        },
      ],
      prices: {
        smsSegment: { currency: 'USD', amountMinor: 83, perUnits: 100 },
        letter: { currency: 'USD', amountMinor: 65, perUnits: 1 },
      },
    });
    const html = await campaignReportHtml(report, {
      name: 'Spring <offer>',
      version: 2,
      madeAt: '2027-03-03T00:00:00Z',
    });
    expect(html).toContain('<svg');
    expect(html).toContain('Spring &#60;offer&#62;');
    expect(html).toContain('<td>champion</td>');
  });
});
