/**
 * What a campaign reads about one account: a flat view of the planner's account state plus the
 * facts that state does not hold (the collections stage, the last contact, earlier campaign
 * exposure), which the caller looks up. Pure data: segment and offer decisions take it with an
 * explicit `now`.
 */
import { AccountFlag } from '@kindly/contracts';
import type { ArrangementStatus, CreditProduct, Money } from '@kindly/contracts';
import type { AccountState } from '@kindly/rules';

/** A promise or plan as it stands, and when it came to stand so (the event's `occurredAt`). */
export interface ArrangementFact {
  readonly kind: 'promise-to-pay' | 'instalment-plan';
  readonly status: ArrangementStatus;
  readonly changedAt: string;
}

/** An earlier assignment of the account to a campaign (treatment or holdout). */
export interface CampaignExposure {
  readonly campaignId: string;
  readonly assignedAt: string;
}

export interface CampaignAccountFacts {
  readonly tenantId: string;
  readonly accountId: string;
  readonly product: CreditProduct;
  readonly daysPastDue: number;
  readonly overdueAmount: Money;
  /** Negative for a credit balance. */
  readonly totalBalance: Money;
  readonly minimumPayment: Money;
  /** Interest accrued and unpaid, when the bank reports it: no v1 event carries it yet. */
  readonly accruedInterest?: Money;
  readonly jurisdiction: string;
  /** The customer's IANA zone: days are counted and offers expire in it. */
  readonly timeZone: string;
  /** The collections stage the account is in, if the planner has placed it. */
  readonly stage?: number;
  readonly activeFlags: readonly AccountFlag[];
  readonly arrangements: readonly ArrangementFact[];
  /** The last message or call that reached the customer, UTC ISO-8601. */
  readonly lastContactAt?: string;
  readonly exposures: readonly CampaignExposure[];
}

/** The facts an offer's terms depend on. */
export type OfferFacts = Pick<
  CampaignAccountFacts,
  | 'product'
  | 'daysPastDue'
  | 'overdueAmount'
  | 'totalBalance'
  | 'minimumPayment'
  | 'accruedInterest'
  | 'timeZone'
>;

/** What the account state does not know, looked up by the caller. */
export interface FactsBeyondState {
  readonly stage?: number;
  readonly lastContactAt?: string;
  readonly exposures: readonly CampaignExposure[];
  readonly accruedInterest?: Money;
}

/**
 * The campaign's view of an account state; undefined while the state lacks the overdue facts or
 * the contact record (no zone to count days in, no jurisdiction): such an account is in no
 * campaign until the bank has sent both.
 */
export function campaignFactsOf(
  state: AccountState,
  beyond: FactsBeyondState,
): CampaignAccountFacts | undefined {
  const overdue = state.overdue?.value;
  const contact = state.contact?.value;
  if (overdue === undefined || contact === undefined) return undefined;
  return {
    tenantId: state.tenantId,
    accountId: state.accountId,
    product: overdue.product,
    daysPastDue: overdue.daysPastDue,
    overdueAmount: overdue.overdueAmount,
    totalBalance: overdue.totalBalance,
    minimumPayment: overdue.minimumPayment,
    jurisdiction: contact.jurisdiction,
    timeZone: contact.timeZone,
    activeFlags: AccountFlag.options.filter((flag) => state.flags[flag]?.active === true),
    arrangements: state.arrangements.map((known) => ({
      kind: known.value.kind,
      status: known.value.status,
      changedAt: known.asOf,
    })),
    ...beyond,
  };
}
