/**
 * Which payments a campaign brought: a payment counts for an account in the campaign when it
 * comes within `windowDays` of the account's exposure: its first contact, or, for an account
 * never contacted (the holdout, or a treatment account the planner suppressed), its assignment.
 * Conversion is paid / accounts over every assigned account (intention to treat), so an
 * uncontacted treatment account is measured from the same instant as the holdout is, rather than
 * never converting, and the same window bounds both groups (a payment through a link months
 * later would otherwise count for the treatment only, and inflate the uplift).
 *
 * A payment that counts is labelled `reference` when it carries a verified reference (from the
 * message's payment link) to a message of this campaign sent to this account: the customer paid
 * through that very message, which is direct evidence; otherwise `window`. An account has one
 * exposure per campaign, so a payment is never counted twice, and a redelivered payment (same
 * `paymentId`) is counted once.
 */
import { AppError } from '@kindly/errors';
import type { Money } from '@kindly/contracts';
import { DateTime } from 'luxon';
import type { PaymentReferenceFields } from './payment-reference.js';

export type CampaignArm =
  { readonly group: 'holdout' } | { readonly group: 'treatment'; readonly variant: string };

/** One account's part in one campaign. */
export interface CampaignExposure {
  readonly accountId: string;
  readonly arm: CampaignArm;
  /** UTC instant the account was assigned to its group. */
  readonly assignedAt: string;
  /** UTC instant of the first campaign message sent to the account; absent when none was. */
  readonly firstContactAt?: string;
  /** The campaign's messages to the account (none for the holdout). */
  readonly messageIds: readonly string[];
  readonly delivered: boolean;
  readonly clicked: boolean;
  /** Billable SMS segments and letters sent to the account, for the cost. */
  readonly smsSegments: number;
  readonly letters: number;
}

/**
 * An `account.payment`, with the reference its link carried once `verifyReference` accepted it.
 * Verified when the payment arrives, not when the report is made: by then the key that signed an
 * old campaign's links may have been retired.
 */
export interface CampaignPayment {
  readonly paymentId: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly paidAt: string;
  readonly reference?: PaymentReferenceFields;
}

export interface AttributionRules {
  readonly tenantId: string;
  readonly campaignId: string;
  /** Days (of 24 hours) after the exposure in which a payment counts; the end is exclusive. */
  readonly windowDays: number;
}

export type NotAttributedReason =
  'duplicate-payment' | 'not-in-campaign' | 'before-exposure' | 'after-window';

export type Attribution =
  | { readonly by: 'reference' | 'window'; readonly exposure: CampaignExposure }
  | { readonly by: 'none'; readonly reason: NotAttributedReason };

export interface AttributedPayment {
  readonly payment: CampaignPayment;
  readonly attribution: Attribution;
}

export type AttributionErrorCode = 'DUPLICATE_EXPOSURE' | 'INVALID_ATTRIBUTION_INPUT';

function utc(instant: string): DateTime {
  const parsed = DateTime.fromISO(instant, { zone: 'utc' });
  if (!parsed.isValid) {
    throw new AppError<AttributionErrorCode>('INVALID_ATTRIBUTION_INPUT', 'expected ISO instants');
  }
  return parsed;
}

function exposuresByAccount(
  exposures: readonly CampaignExposure[],
): ReadonlyMap<string, CampaignExposure> {
  const byAccount = new Map<string, CampaignExposure>();
  for (const exposure of exposures) {
    if (byAccount.has(exposure.accountId)) {
      // Assignment is one per account and campaign; two would count the account twice.
      throw new AppError<AttributionErrorCode>(
        'DUPLICATE_EXPOSURE',
        'an account appears twice among the campaign exposures',
      );
    }
    byAccount.set(exposure.accountId, exposure);
  }
  return byAccount;
}

function byReference(
  payment: CampaignPayment,
  exposure: CampaignExposure,
  rules: AttributionRules,
): boolean {
  const reference = payment.reference;
  return (
    reference !== undefined &&
    reference.tenantId === rules.tenantId &&
    reference.campaignId === rules.campaignId &&
    // A link forwarded to pay someone else's account is no evidence about this account.
    reference.accountId === payment.accountId &&
    exposure.messageIds.includes(reference.messageId)
  );
}

function byWindow(
  payment: CampaignPayment,
  exposure: CampaignExposure,
  rules: AttributionRules,
): Attribution {
  const start = utc(exposure.firstContactAt ?? exposure.assignedAt);
  const paidAt = utc(payment.paidAt);
  if (paidAt < start) return { by: 'none', reason: 'before-exposure' };
  if (paidAt >= start.plus({ days: rules.windowDays }))
    return { by: 'none', reason: 'after-window' };
  return { by: 'window', exposure };
}

/** Each payment in order, with its attribution under {@link AttributionRules}. */
export function attributePayments(
  exposures: readonly CampaignExposure[],
  payments: readonly CampaignPayment[],
  rules: AttributionRules,
): AttributedPayment[] {
  if (!Number.isInteger(rules.windowDays) || rules.windowDays < 1) {
    throw new AppError<AttributionErrorCode>(
      'INVALID_ATTRIBUTION_INPUT',
      'the attribution window must be a whole number of days, at least one',
    );
  }
  const byAccount = exposuresByAccount(exposures);
  const seen = new Set<string>();
  return payments.map((payment): AttributedPayment => {
    if (seen.has(payment.paymentId)) {
      return { payment, attribution: { by: 'none', reason: 'duplicate-payment' } };
    }
    seen.add(payment.paymentId);
    const exposure = byAccount.get(payment.accountId);
    if (exposure === undefined) {
      return { payment, attribution: { by: 'none', reason: 'not-in-campaign' } };
    }
    const attribution = byWindow(payment, exposure, rules);
    if (attribution.by === 'window' && byReference(payment, exposure, rules)) {
      return { payment, attribution: { by: 'reference', exposure } };
    }
    return { payment, attribution };
  });
}
