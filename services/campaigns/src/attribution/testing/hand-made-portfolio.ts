/**
 * A hand-made portfolio for the attribution and report tests: 12 accounts (4 holdout, 4 on
 * variant a, 4 on variant b) and 11 payment events chosen to exercise every rule once. The
 * expected numbers are worked out by hand in the tests that use it.
 */
import type { CampaignExposure, CampaignPayment } from '../attribute-payments.js';
import type { CampaignReportInput } from '../campaign-report.js';
import type { PaymentReferenceFields } from '../payment-reference.js';

export const RULES = { tenantId: 'bank-cn', campaignId: 'spring-waiver-2026', windowDays: 14 };
/** Holdout (and uncontacted) window: 03-01T00:00 up to, not including, 03-15T00:00. */
const ASSIGNED = '2026-03-01T00:00:00Z';
/** Contacted accounts' window: 03-02T09:00 up to, not including, 03-16T09:00. */
const CONTACTED = '2026-03-02T09:00:00Z';

type Seen = Partial<Pick<CampaignExposure, 'delivered' | 'clicked' | 'smsSegments' | 'letters'>>;
const NOTHING = { delivered: false, clicked: false, smsSegments: 0, letters: 0 };

function holdout(accountId: string): CampaignExposure {
  return { accountId, arm: { group: 'holdout' }, assignedAt: ASSIGNED, messageIds: [], ...NOTHING };
}

function treated(
  accountId: string,
  variant: string,
  seen: Seen,
  contacted = true,
): CampaignExposure {
  const base = { accountId, arm: { group: 'treatment', variant } as const, assignedAt: ASSIGNED };
  return contacted
    ? { ...base, ...NOTHING, ...seen, firstContactAt: CONTACTED, messageIds: [`msg-${accountId}`] }
    : { ...base, ...NOTHING, ...seen, messageIds: [] };
}

export const EXPOSURES: CampaignExposure[] = [
  holdout('H1'),
  holdout('H2'),
  holdout('H3'),
  holdout('H4'),
  treated('A1', 'a', { delivered: true, clicked: true, smsSegments: 2 }),
  treated('A2', 'a', { delivered: true, smsSegments: 2 }),
  treated('A3', 'a', { delivered: true, smsSegments: 2 }),
  // SMS undelivered; a letter went instead.
  treated('A4', 'a', { smsSegments: 2, letters: 1 }),
  treated('B1', 'b', { delivered: true, clicked: true, smsSegments: 1 }),
  treated('B2', 'b', { delivered: true, smsSegments: 1 }),
  // Suppressed by the planner: assigned, never contacted.
  treated('B3', 'b', {}, false),
  treated('B4', 'b', { smsSegments: 1 }),
];

export const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

/** The verified reference of the link in `accountId`'s message (of another campaign, if given). */
export function referenceOf(
  accountId: string,
  campaignId = RULES.campaignId,
): PaymentReferenceFields {
  return {
    messageId: `msg-${accountId}`,
    campaignId,
    variant: accountId.startsWith('A') ? 'a' : 'b',
    tenantId: RULES.tenantId,
    accountId,
  };
}

function paid(
  paymentId: string,
  accountId: string,
  amountMinor: number,
  paidAt: string,
  reference?: PaymentReferenceFields,
): CampaignPayment {
  const payment = { paymentId, accountId, amount: cny(amountMinor), paidAt };
  return reference ? { ...payment, reference } : payment;
}

export const PAYMENTS: CampaignPayment[] = [
  // p1 through the link of A1's message, 10 days after contact: labelled by its reference.
  paid('p1', 'A1', 50_000, '2026-03-12T10:00:00Z', referenceOf('A1')),
  // p2 in the window, then redelivered by the bank with the same payment id.
  paid('p2', 'A2', 20_000, '2026-03-05T12:00:00Z'),
  paid('p2', 'A2', 20_000, '2026-03-05T12:00:00Z'),
  // p3 after the window.
  paid('p3', 'A3', 10_000, '2026-03-25T08:00:00Z'),
  // B1 pays twice, both in the window.
  paid('p4', 'B1', 15_000, '2026-03-04T08:00:00Z'),
  paid('p5', 'B1', 5_000, '2026-03-10T08:00:00Z'),
  // p6 carries another campaign's reference, which proves nothing here; by the window it is late.
  paid('p6', 'B2', 12_000, '2026-03-30T08:00:00Z', referenceOf('B2', 'autumn-2025')),
  // p7 at the very end of the window, which is exclusive: out.
  paid('p7', 'B4', 7_000, '2026-03-16T09:00:00Z'),
  // p8 the holdout's baseline: paid within 14 days of assignment.
  paid('p8', 'H1', 30_000, '2026-03-08T08:00:00Z'),
  // p9 before assignment.
  paid('p9', 'H2', 8_000, '2026-02-27T08:00:00Z'),
  // p10 an account not in the campaign.
  paid('p10', 'X9', 9_999, '2026-03-05T08:00:00Z'),
];

export const REPORT_INPUT: CampaignReportInput = {
  rules: RULES,
  exposures: EXPOSURES,
  payments: PAYMENTS,
  // 4.5 fen a segment (45 fen per 10 segments), 3.50 yuan a letter.
  prices: {
    smsSegment: { currency: 'CNY', amountMinor: 45, perUnits: 10 },
    letter: { currency: 'CNY', amountMinor: 350, perUnits: 1 },
  },
};
