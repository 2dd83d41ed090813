/** A builder of campaign account facts for tests: an ordinary US card account in early arrears. */
import type { CampaignAccountFacts } from '../account-facts.js';

export function aCampaignAccount(
  overrides: Partial<CampaignAccountFacts> = {},
): CampaignAccountFacts {
  return {
    tenantId: 'bank-a',
    accountId: 'acc-000001',
    product: 'credit-card',
    daysPastDue: 45,
    overdueAmount: { amountMinor: 100_001, currency: 'USD' },
    totalBalance: { amountMinor: 450_000, currency: 'USD' },
    minimumPayment: { amountMinor: 5_000, currency: 'USD' },
    jurisdiction: 'US-NY',
    timeZone: 'America/New_York',
    stage: 1,
    activeFlags: [],
    arrangements: [],
    exposures: [],
    ...overrides,
  };
}

/** The account before the planner has placed it in a stage. */
export function withoutStage(facts: CampaignAccountFacts): CampaignAccountFacts {
  const { stage: _stage, ...rest } = facts;
  return rest;
}

/** The three amounts of an account, in one currency. */
export function amountsIn(
  currency: string,
  amounts: { overdue: number; total: number; minimum?: number },
): Pick<CampaignAccountFacts, 'overdueAmount' | 'totalBalance' | 'minimumPayment'> {
  return {
    overdueAmount: { amountMinor: amounts.overdue, currency },
    totalBalance: { amountMinor: amounts.total, currency },
    minimumPayment: { amountMinor: amounts.minimum ?? 0, currency },
  };
}
