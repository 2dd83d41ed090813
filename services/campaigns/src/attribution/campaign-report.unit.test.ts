/**
 * A hand-made portfolio of 12 accounts (4 holdout, 4 on variant a, 4 on variant b), its payments
 * attributed and reported, every expected number worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import type { CampaignExposure, CampaignPayment } from './attribute-payments.js';
import { campaignReport, type CampaignReportInput, type GroupReport } from './campaign-report.js';
import { campaignReportCsv } from './report-csv.js';

const RULES = { tenantId: 'bank-cn', campaignId: 'spring-waiver-2026', windowDays: 14 };
const ASSIGNED = '2026-03-01T00:00:00Z'; // holdout window: 03-01T00:00 to 03-15T00:00 (exclusive)
const CONTACTED = '2026-03-02T09:00:00Z'; // treatment window: 03-02T09:00 to 03-16T09:00 (exclusive)

function holdout(accountId: string): CampaignExposure {
  const arm = { group: 'holdout' } as const;
  return {
    accountId,
    arm,
    assignedAt: ASSIGNED,
    messageIds: [],
    delivered: false,
    clicked: false,
    smsSegments: 0,
    letters: 0,
  };
}

function treated(
  accountId: string,
  variant: string,
  seen: Partial<Pick<CampaignExposure, 'delivered' | 'clicked' | 'smsSegments' | 'letters'>>,
  contacted = true,
): CampaignExposure {
  const base = { accountId, arm: { group: 'treatment', variant } as const, assignedAt: ASSIGNED };
  const counts = { delivered: false, clicked: false, smsSegments: 0, letters: 0, ...seen };
  return contacted
    ? { ...base, ...counts, firstContactAt: CONTACTED, messageIds: [`msg-${accountId}`] }
    : { ...base, ...counts, messageIds: [] };
}

const EXPOSURES: CampaignExposure[] = [
  holdout('H1'),
  holdout('H2'),
  holdout('H3'),
  holdout('H4'),
  treated('A1', 'a', { delivered: true, clicked: true, smsSegments: 2 }),
  treated('A2', 'a', { delivered: true, smsSegments: 2 }),
  treated('A3', 'a', { delivered: true, smsSegments: 2 }),
  treated('A4', 'a', { smsSegments: 2, letters: 1 }), // SMS undelivered, a letter sent instead
  treated('B1', 'b', { delivered: true, clicked: true, smsSegments: 1 }),
  treated('B2', 'b', { delivered: true, smsSegments: 1 }),
  treated('B3', 'b', {}, false), // suppressed by the planner: assigned, never contacted
  treated('B4', 'b', { smsSegments: 1 }),
];

const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });
const reference = (accountId: string, campaignId = RULES.campaignId) => ({
  messageId: `msg-${accountId}`,
  campaignId,
  variant: accountId.startsWith('A') ? 'a' : 'b',
  tenantId: RULES.tenantId,
  accountId,
  expiresAt: '2026-04-30T00:00:00Z',
});

const PAYMENTS: CampaignPayment[] = [
  // By reference, although 18 days after contact: the link is evidence, the window a guess.
  {
    paymentId: 'p1',
    accountId: 'A1',
    amount: cny(50_000),
    paidAt: '2026-03-20T10:00:00Z',
    reference: reference('A1'),
  },
  { paymentId: 'p2', accountId: 'A2', amount: cny(20_000), paidAt: '2026-03-05T12:00:00Z' }, // window
  { paymentId: 'p2', accountId: 'A2', amount: cny(20_000), paidAt: '2026-03-05T12:00:00Z' }, // redelivered
  { paymentId: 'p3', accountId: 'A3', amount: cny(10_000), paidAt: '2026-03-25T08:00:00Z' }, // after the window
  { paymentId: 'p4', accountId: 'B1', amount: cny(15_000), paidAt: '2026-03-04T08:00:00Z' }, // B1 pays twice,
  { paymentId: 'p5', accountId: 'B1', amount: cny(5_000), paidAt: '2026-03-10T08:00:00Z' }, //  both in the window
  // Another campaign's reference proves nothing here; by the window it is late.
  {
    paymentId: 'p6',
    accountId: 'B2',
    amount: cny(12_000),
    paidAt: '2026-03-30T08:00:00Z',
    reference: reference('B2', 'autumn-2025'),
  },
  { paymentId: 'p7', accountId: 'B4', amount: cny(7_000), paidAt: '2026-03-16T09:00:00Z' }, // at the window's end: out
  { paymentId: 'p8', accountId: 'H1', amount: cny(30_000), paidAt: '2026-03-08T08:00:00Z' }, // the holdout's baseline
  { paymentId: 'p9', accountId: 'H2', amount: cny(8_000), paidAt: '2026-02-27T08:00:00Z' }, // before assignment
  { paymentId: 'p10', accountId: 'X9', amount: cny(9_999), paidAt: '2026-03-05T08:00:00Z' }, // not in the campaign
];

const INPUT: CampaignReportInput = {
  rules: RULES,
  exposures: EXPOSURES,
  payments: PAYMENTS,
  // 4.5 fen a segment (45 per 10), 3.50 yuan a letter
  prices: {
    smsSegment: { currency: 'CNY', amountMinor: 45, perUnits: 10 },
    letter: { currency: 'CNY', amountMinor: 350, perUnits: 1 },
  },
};

function rowOf(groups: readonly GroupReport[], name: string): GroupReport {
  const row = groups.find((g) => (g.arm.group === 'holdout' ? 'holdout' : g.arm.variant) === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
}

describe('campaignReport on a hand-made portfolio', () => {
  const report = campaignReport(INPUT);

  it('attributes each payment by the first rule that matches, once', () => {
    const how = report.attributions.map(({ payment, attribution }) => [
      payment.paymentId,
      attribution.by === 'none' ? attribution.reason : attribution.by,
    ]);
    expect(how).toEqual([
      ['p1', 'reference'],
      ['p2', 'window'],
      ['p2', 'duplicate-payment'],
      ['p3', 'after-window'],
      ['p4', 'window'],
      ['p5', 'window'],
      ['p6', 'after-window'],
      ['p7', 'after-window'],
      ['p8', 'window'],
      ['p9', 'before-exposure'],
      ['p10', 'not-in-campaign'],
    ]);
    expect(report.notAttributed).toEqual({
      'duplicate-payment': 1,
      'not-in-campaign': 1,
      'before-exposure': 1,
      'after-window': 3, // p3, p6, p7
    });
  });

  it('counts the holdout: 1 of 4 paid (H1, 300.00), nobody contacted', () => {
    const row = rowOf(report.groups, 'holdout');
    expect(row).toMatchObject({ accounts: 4, contacted: 0, delivered: 0, clicked: 0, paid: 1 });
    expect(row.amountPaid).toEqual([cny(30_000)]);
    expect(row.conversion).toEqual({ available: true, value: 0.25 }); // 1 / 4
    expect(row.uplift).toEqual({ available: false, why: 'baseline' });
    expect(row.cost).toEqual([cny(0)]);
  });

  it('counts variant a: 2 of 4 paid, uplift 0.25 (−0.3196 to 0.6553), relative +100 %', () => {
    const row = rowOf(report.groups, 'a');
    // contacted A1–A4 = 4; delivered A1, A2, A3 = 3; clicked A1 = 1; paid A1 (reference), A2 (window)
    expect(row).toMatchObject({
      accounts: 4,
      contacted: 4,
      delivered: 3,
      clicked: 1,
      paid: 2,
      paidByReference: 1,
    });
    expect(row.amountPaid).toEqual([cny(70_000)]); // 50 000 + 20 000 (p2 once; p3 late)
    expect(row.conversion).toEqual({ available: true, value: 0.5 }); // 2 / 4
    // Cost: 2 + 2 + 2 + 2 = 8 segments × 45 / 10 = 36 fen; 1 letter × 350 = 350; 386 fen.
    expect(row).toMatchObject({ smsSegments: 8, letters: 1, cost: [cny(386)] });
    // Uplift 0.5 − 0.25 = 0.25. z = 1.959964, z² = 3.841459, 2(n + z²) = 2 × 7.841459 = 15.682918.
    // Wilson 2/4: (4 + 3.841459 ∓ 1.959964 × √(3.841459 + 4·2·0.5)) / 15.682918
    //           = (7.841459 ∓ 1.959964 × 2.800261) / 15.682918 = (7.841459 ∓ 5.488420) / 15.682918
    //           = 0.150038 to 0.849962.
    // Wilson 1/4: (2 + 3.841459 ∓ 1.959964 × √(3.841459 + 4·1·0.75)) / 15.682918
    //           = (5.841459 ∓ 1.959964 × 2.615618) / 15.682918 = (5.841459 ∓ 5.126516) / 15.682918
    //           = 0.045587 to 0.699360.
    // lower = 0.25 − √((0.5 − 0.150038)² + (0.699360 − 0.25)²) = 0.25 − √(0.122473 + 0.201924)
    //       = 0.25 − 0.569559 = −0.319559
    // upper = 0.25 + √((0.849962 − 0.5)² + (0.25 − 0.045587)²) = 0.25 + √(0.122473 + 0.041785)
    //       = 0.25 + 0.405288 = 0.655288
    // (Six-decimal steps carry rounding: unrounded, the bounds are −0.319557 and 0.655287.)
    // Relative: 0.25 / 0.25 = 1 (twice the holdout's rate).
    expect(row.uplift.available).toBe(true);
    if (!row.uplift.available) return;
    expect(row.uplift.value.difference).toBeCloseTo(0.25, 10);
    expect(row.uplift.value.ci95.lower).toBeCloseTo(-0.3196, 4);
    expect(row.uplift.value.ci95.upper).toBeCloseTo(0.6553, 4);
    expect(row.uplift.value.relative).toEqual({ available: true, value: 1 });
  });

  it('counts variant b: 1 of 4 paid (B1 twice, once as an account), no uplift', () => {
    const row = rowOf(report.groups, 'b');
    // contacted B1, B2, B4 = 3 (B3 suppressed); delivered B1, B2 = 2; clicked B1 = 1
    expect(row).toMatchObject({
      accounts: 4,
      contacted: 3,
      delivered: 2,
      clicked: 1,
      paid: 1,
      paidByReference: 0,
    });
    expect(row.amountPaid).toEqual([cny(20_000)]); // 15 000 + 5 000
    expect(row.conversion).toEqual({ available: true, value: 0.25 });
    // 3 segments × 45 / 10 = 13.5 fen, rounded half up once for the group: 14.
    expect(row).toMatchObject({ smsSegments: 3, letters: 0, cost: [cny(14)] });
    // Uplift 0.25 − 0.25 = 0; both Wilson intervals are 1/4's (0.045587 to 0.699360):
    // ∓ √((0.25 − 0.045587)² + (0.699360 − 0.25)²) = ∓ √(0.041785 + 0.201924) = ∓ 0.493669
    // (unrounded ∓ 0.493667)
    expect(row.uplift.available).toBe(true);
    if (!row.uplift.available) return;
    expect(row.uplift.value.difference).toBe(0);
    expect(row.uplift.value.ci95.lower).toBeCloseTo(-0.4937, 4);
    expect(row.uplift.value.ci95.upper).toBeCloseTo(0.4937, 4);
    expect(row.uplift.value.relative).toEqual({ available: true, value: 0 });
  });

  it('writes one CSV row per group, RFC 4180, CRLF', () => {
    expect(campaignReportCsv(report).split('\r\n')).toEqual([
      'group,variant,accounts,contacted,delivered,clicked,paid,paid_by_reference,conversion,uplift,uplift_ci95_lower,uplift_ci95_upper,relative_uplift,amount_paid_CNY_minor,sms_segments,letters,cost_CNY_minor',
      'holdout,,4,0,0,0,1,0,0.25,n/a,n/a,n/a,n/a,30000,0,0,0',
      'treatment,a,4,4,3,1,2,1,0.5,0.25,-0.319557,0.655287,1,70000,8,1,386',
      'treatment,b,4,3,2,1,1,0,0.25,0,-0.493667,0.493667,0,20000,3,0,14',
      '',
    ]);
  });
});

describe('campaignReport with empty groups', () => {
  it('says "not available" for an empty variant and for everything against an empty holdout', () => {
    const noHoldout = EXPOSURES.filter((e) => e.arm.group !== 'holdout');
    const report = campaignReport({ ...INPUT, exposures: noHoldout, variants: ['a', 'b', 'c'] });
    const holdoutRow = rowOf(report.groups, 'holdout');
    expect(holdoutRow.accounts).toBe(0);
    expect(holdoutRow.conversion).toEqual({ available: false, why: 'empty-group' });
    expect(rowOf(report.groups, 'a').uplift).toEqual({ available: false, why: 'empty-holdout' });
    const empty = rowOf(report.groups, 'c');
    expect(empty.conversion).toEqual({ available: false, why: 'empty-group' });
    expect(empty.uplift).toEqual({ available: false, why: 'empty-group' });
    const csv = campaignReportCsv(report);
    expect(csv).not.toMatch(/NaN|Infinity/);
    expect(csv).toContain('treatment,c,0,0,0,0,0,0,n/a,n/a,n/a,n/a,n/a,0,0,0,0\r\n');
  });

  it('gives no relative uplift over a holdout where nobody paid', () => {
    const withoutH1 = PAYMENTS.filter((p) => p.accountId !== 'H1');
    const row = rowOf(campaignReport({ ...INPUT, payments: withoutH1 }).groups, 'a');
    expect(row.uplift.available && row.uplift.value.relative).toEqual({
      available: false,
      why: 'zero-baseline',
    });
  });
});
