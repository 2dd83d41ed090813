import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import type { Clock } from '@kindly/clock';
import type { AccountStateStore } from '@kindly/account-state';
import type { PlanAccountDeps } from '../domain/plan-account.use-case.js';
import { planCampaignOffer } from '../domain/plan-campaign-offer.use-case.js';

/** Accounts a campaign hands over, each for one marketing message. */
export const campaignTopics = ['campaign.offer'] as const;
export type CampaignBindings = CatalogBindings<(typeof campaignTopics)[number]>;

export interface CampaignEventDeps extends PlanAccountDeps {
  readonly store: AccountStateStore;
  readonly clock: Clock;
}

/**
 * The account is read from the planner's own copy (the bank's events fold into it); a campaign
 * event changes no account state. What the planner decided is in the events it publishes.
 */
export function campaignEventHandlers(deps: CampaignEventDeps): HandlersFor<CampaignBindings> {
  return {
    'campaign.offer': async (event) => {
      const { state } = await deps.store.load(event.tenantId, event.payload.accountId);
      const outcome = await planCampaignOffer(deps, state, event, deps.clock.now());
      return outcome === 'plan' || outcome === 'suppress' ? ack() : skip(outcomeCode(outcome));
    },
  };
}

function outcomeCode(outcome: string): string {
  return outcome.toUpperCase().replace(/-/g, '_');
}
