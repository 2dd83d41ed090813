/**
 * The report of the hand-made portfolio (testing/hand-made-portfolio.ts: 12 accounts, holdout and
 * two variants), every expected number worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { campaignReport, type GroupReport } from './campaign-report.js';
import { campaignReportCsv } from './report-csv.js';
import { cny, EXPOSURES, PAYMENTS, REPORT_INPUT as INPUT } from './testing/hand-made-portfolio.js';

function rowOf(groups: readonly GroupReport[], name: string): GroupReport {
  const row = groups.find((g) => (g.arm.group === 'holdout' ? 'holdout' : g.arm.variant) === name);
  if (!row) throw new Error(`no row ${name}`);
  return row;
}

describe('campaignReport on a hand-made portfolio', () => {
  const report = campaignReport(INPUT);

  it('sets aside what it could not attribute, by reason', () => {
    expect(report.notAttributed).toEqual({
      'duplicate-payment': 1, // p2's redelivery
      'not-in-campaign': 1, // p10
      'before-exposure': 1, // p9
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
