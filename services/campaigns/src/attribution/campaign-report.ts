/**
 * The numbers of a campaign report, one row per group: the holdout, then each variant. Every
 * ratio is either a finite number or "not available" with the reason, never NaN or Infinity: a
 * variant nobody was assigned to has no conversion, and nothing can be compared with an empty
 * or a zero-conversion holdout in relative terms.
 */
import type { Money } from '@kindly/contracts';
import {
  attributePayments,
  type AttributedPayment,
  type AttributionRules,
  type CampaignArm,
  type CampaignExposure,
  type CampaignPayment,
  type NotAttributedReason,
} from './attribute-payments.js';
import { costOf, MoneyByCurrency, type UnitPrice } from './money-by-currency.js';
import { newcombeDifferenceInterval, type Interval } from './proportion-intervals.js';

export type NotAvailableReason = 'empty-group' | 'empty-holdout' | 'zero-baseline' | 'baseline';

export type Measure<T> =
  | { readonly available: true; readonly value: T }
  | { readonly available: false; readonly why: NotAvailableReason };

export interface Uplift {
  /** Conversion of the group minus the holdout's (a difference of proportions). */
  readonly difference: number;
  /** Newcombe's hybrid score interval for the difference, 95 %. */
  readonly ci95: Interval;
  /** The difference over the holdout's conversion; not available when that is 0. */
  readonly relative: Measure<number>;
}

export interface GroupReport {
  readonly arm: CampaignArm;
  readonly accounts: number;
  readonly contacted: number;
  readonly delivered: number;
  readonly clicked: number;
  /** Accounts with at least one attributed payment. */
  readonly paid: number;
  readonly paidByReference: number;
  readonly amountPaid: readonly Money[];
  /** paid / accounts */
  readonly conversion: Measure<number>;
  /** Against the holdout; the holdout's own row says `baseline`. */
  readonly uplift: Measure<Uplift>;
  readonly smsSegments: number;
  readonly letters: number;
  readonly cost: readonly Money[];
}

export interface CampaignPrices {
  readonly smsSegment: UnitPrice;
  readonly letter: UnitPrice;
}

export interface CampaignReportInput {
  readonly rules: AttributionRules;
  readonly exposures: readonly CampaignExposure[];
  readonly payments: readonly CampaignPayment[];
  readonly prices: CampaignPrices;
  /** The campaign's variants, so that one nobody was assigned to still gets its row. */
  readonly variants?: readonly string[];
}

export interface CampaignReport {
  readonly campaignId: string;
  readonly windowDays: number;
  readonly groups: readonly GroupReport[];
  /** Payments not attributed, by reason (a redelivery, an account outside the campaign, …). */
  readonly notAttributed: Readonly<Record<NotAttributedReason, number>>;
  readonly attributions: readonly AttributedPayment[];
}

const HOLDOUT = 'holdout';
const armKey = (arm: CampaignArm): string =>
  arm.group === 'holdout' ? HOLDOUT : `variant:${arm.variant}`;

interface Counts {
  readonly accounts: number;
  readonly paid: number;
}

function conversionOf({ accounts, paid }: Counts): Measure<number> {
  return accounts === 0
    ? { available: false, why: 'empty-group' }
    : { available: true, value: paid / accounts };
}

function upliftOf(group: Counts, holdout: Counts): Measure<Uplift> {
  if (group.accounts === 0) return { available: false, why: 'empty-group' };
  if (holdout.accounts === 0) return { available: false, why: 'empty-holdout' };
  const { difference, interval } = newcombeDifferenceInterval(
    { successes: group.paid, trials: group.accounts },
    { successes: holdout.paid, trials: holdout.accounts },
  );
  const baseline = holdout.paid / holdout.accounts;
  const relative: Measure<number> =
    baseline === 0
      ? { available: false, why: 'zero-baseline' }
      : { available: true, value: difference / baseline };
  return { available: true, value: { difference, ci95: interval, relative } };
}

function groupCounts(
  arm: CampaignArm,
  exposures: readonly CampaignExposure[],
  attributed: readonly AttributedPayment[],
  prices: CampaignPrices,
): Omit<GroupReport, 'uplift'> {
  const payers = new Set<string>();
  const payersByReference = new Set<string>();
  const amountPaid = new MoneyByCurrency();
  for (const { payment, attribution } of attributed) {
    if (attribution.by === 'none') continue;
    payers.add(payment.accountId);
    if (attribution.by === 'reference') payersByReference.add(payment.accountId);
    amountPaid.add(payment.amount.currency, payment.amount.amountMinor);
  }
  const count = (test: (e: CampaignExposure) => boolean) => exposures.filter(test).length;
  const sum = (of: (e: CampaignExposure) => number) => exposures.reduce((n, e) => n + of(e), 0);
  const smsSegments = sum((e) => e.smsSegments);
  const letters = sum((e) => e.letters);
  const cost = new MoneyByCurrency();
  cost.add(prices.smsSegment.currency, costOf(smsSegments, prices.smsSegment));
  cost.add(prices.letter.currency, costOf(letters, prices.letter));
  const accounts = exposures.length;
  return {
    arm,
    accounts,
    contacted: count((e) => e.firstContactAt !== undefined),
    delivered: count((e) => e.delivered),
    clicked: count((e) => e.clicked),
    paid: payers.size,
    paidByReference: payersByReference.size,
    amountPaid: amountPaid.toList(),
    conversion: conversionOf({ accounts, paid: payers.size }),
    smsSegments,
    letters,
    cost: cost.toList(),
  };
}

/** The report's numbers: attribution of every payment, then the counts and ratios per group. */
export function campaignReport(input: CampaignReportInput): CampaignReport {
  const attributions = attributePayments(input.exposures, input.payments, input.rules);
  const variants = new Set(input.variants ?? []);
  for (const e of input.exposures) if (e.arm.group === 'treatment') variants.add(e.arm.variant);
  const arms: CampaignArm[] = [
    { group: 'holdout' },
    ...[...variants].sort().map((variant): CampaignArm => ({ group: 'treatment', variant })),
  ];
  const rows = arms.map((arm) => {
    const key = armKey(arm);
    const exposures = input.exposures.filter((e) => armKey(e.arm) === key);
    const attributed = attributions.filter(
      (a) => a.attribution.by !== 'none' && armKey(a.attribution.exposure.arm) === key,
    );
    return groupCounts(arm, exposures, attributed, input.prices);
  });
  const [holdout, ...treatment] = rows;
  const groups: GroupReport[] = holdout
    ? [
        { ...holdout, uplift: { available: false, why: 'baseline' } },
        ...treatment.map((row) => ({ ...row, uplift: upliftOf(row, holdout) })),
      ]
    : [];
  const notAttributed: Record<NotAttributedReason, number> = {
    'duplicate-payment': 0,
    'not-in-campaign': 0,
    'before-exposure': 0,
    'after-window': 0,
  };
  for (const { attribution } of attributions) {
    if (attribution.by === 'none') notAttributed[attribution.reason] += 1;
  }
  return {
    campaignId: input.rules.campaignId,
    windowDays: input.rules.windowDays,
    groups,
    notAttributed,
    attributions,
  };
}
