import { AppError } from '@kindly/errors';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributePayments,
  type CampaignExposure,
  type CampaignPayment,
} from './attribute-payments.js';
import { campaignReport } from './campaign-report.js';
import {
  EXPOSURES,
  PAYMENTS,
  referenceOf,
  REPORT_INPUT,
  RULES,
} from './testing/hand-made-portfolio.js';

const how = (exposures: readonly CampaignExposure[], payments: readonly CampaignPayment[]) =>
  attributePayments(exposures, payments, RULES).map(({ payment, attribution }) => [
    payment.paymentId,
    attribution.by === 'none'
      ? attribution.reason
      : `${attribution.by} ${attribution.exposure.accountId}`,
  ]);

describe('attributePayments', () => {
  it('attributes each payment of the hand-made portfolio by the first rule that matches, once', () => {
    expect(how(EXPOSURES, PAYMENTS)).toEqual([
      ['p1', 'reference A1'], // 03-12, through the link of A1's message
      ['p2', 'window A2'], // 03-05: 3 days after contact
      ['p2', 'duplicate-payment'], // the bank's redelivery: same payment id, counted once
      ['p3', 'after-window'], // 03-25: 23 days after contact
      ['p4', 'window B1'], // 03-04
      ['p5', 'window B1'], // 03-10: a second payment by the same account
      ['p6', 'after-window'], // autumn-2025's reference is ignored; 03-30 is late
      ['p7', 'after-window'], // exactly 14 × 24 h after contact: the end is exclusive
      ['p8', 'window H1'], // holdout, 7 days after assignment: the baseline
      ['p9', 'before-exposure'], // 02-27, before H2 was assigned on 03-01
      ['p10', 'not-in-campaign'],
    ]);
  });

  it('counts a payment through a link only within the window the holdout is measured by', () => {
    // 03-20 is after A1's window (ends 03-16T09:00): counting it would measure the treatment
    // over a longer time than the holdout, and inflate the uplift.
    const late = {
      paymentId: 'q0',
      accountId: 'A1',
      amount: { amountMinor: 1, currency: 'CNY' },
      paidAt: '2026-03-20T10:00:00Z',
      reference: referenceOf('A1'),
    };
    expect(how(EXPOSURES, [late])).toEqual([['q0', 'after-window']]);
  });

  it("ignores a reference to another account's message, or from another tenant", () => {
    const inWindow = '2026-03-06T08:00:00Z'; // in A2's window: counted, labelled by what it carries
    const forwarded = { ...referenceOf('A1'), accountId: 'A2' }; // A1's message, A2's payment
    const otherBank = { ...referenceOf('A2'), tenantId: 'bank-us' };
    const paid = (paymentId: string, reference: CampaignPayment['reference']) => ({
      paymentId,
      accountId: 'A2',
      amount: { amountMinor: 1, currency: 'CNY' },
      paidAt: inWindow,
      ...(reference ? { reference } : {}),
    });
    expect(
      how(EXPOSURES, [
        paid('q1', forwarded),
        paid('q2', otherBank),
        paid('q3', referenceOf('A2')), // the control: A2's own message's link
      ]),
    ).toEqual([
      ['q1', 'window A2'],
      ['q2', 'window A2'],
      ['q3', 'reference A2'],
    ]);
  });

  it('refuses an account exposed twice and a window of no days', () => {
    const [first] = EXPOSURES;
    expect(() => attributePayments([first!, first!], [], RULES)).toThrow(AppError);
    expect(() => attributePayments(EXPOSURES, [], { ...RULES, windowDays: 0 })).toThrow(AppError);
  });

  it('never counts a payment twice, and the groups add up to what was attributed', () => {
    const accountIds = [
      'A1',
      'A2',
      'A3',
      'A4',
      'B1',
      'B2',
      'B3',
      'B4',
      'H1',
      'H2',
      'H3',
      'H4',
      'X9',
    ];
    const payment = fc.record({
      paymentId: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6'), // few ids: redeliveries happen
      accountId: fc.constantFrom(...accountIds),
      amountMinor: fc.integer({ min: 1, max: 1_000_000 }),
      day: fc.integer({ min: -5, max: 40 }),
      withReference: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(payment, { maxLength: 30 }),
        fc.subarray(EXPOSURES),
        (drawn, exposures) => {
          const payments = drawn.map(
            ({ amountMinor, day, withReference, ...p }): CampaignPayment => {
              const paidAt = new Date(Date.UTC(2026, 2, 1 + day, 10)).toISOString();
              const base = { ...p, amount: { amountMinor, currency: 'CNY' }, paidAt };
              return withReference ? { ...base, reference: referenceOf(p.accountId) } : base;
            },
          );
          const report = campaignReport({ ...REPORT_INPUT, exposures, payments });
          const attributed = report.attributions.filter((a) => a.attribution.by !== 'none');
          const ids = attributed.map((a) => a.payment.paymentId);
          expect(new Set(ids).size).toBe(ids.length);
          const total = attributed.reduce((sum, a) => sum + a.payment.amount.amountMinor, 0);
          const reported = report.groups
            .flatMap((g) => g.amountPaid)
            .reduce((s, m) => s + m.amountMinor, 0);
          expect(reported).toBe(total);
          expect(report.groups.reduce((n, g) => n + g.accounts, 0)).toBe(exposures.length);
          for (const group of report.groups) {
            expect(group.paid).toBeLessThanOrEqual(group.accounts);
            if (group.uplift.available) {
              const { ci95 } = group.uplift.value;
              expect(ci95.lower).toBeGreaterThanOrEqual(-1);
              expect(ci95.upper).toBeLessThanOrEqual(1);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
