import type { DateTime } from 'luxon';
import type { CampaignOfferV1 } from '@kindly/contracts';
import { decideCampaignOffer, type AccountState } from '@kindly/rules';
import {
  announceSuppression,
  claimAndPublish,
  envelopeFor,
  pastContacts,
  publishPlan,
  type PlanAccountDeps,
  type PlanOutcome,
} from './plan-account.use-case.js';

/**
 * Plans the one marketing message a campaign hands an account over for, or announces why there
 * is none, under the same policy as every other message (the caps count every message the
 * account was planned). A campaign message is planned once: an id the log already knows, even a
 * cancelled one (paid, consent revoked), is not planned again, so a launch that resumes after a
 * crash and hands the account over again sends nothing new.
 */
export async function planCampaignOffer(
  deps: PlanAccountDeps,
  state: AccountState,
  event: CampaignOfferV1,
  now: DateTime,
): Promise<PlanOutcome> {
  const logged = await deps.log.accountLog(state.tenantId, state.accountId);
  for (const plan of logged.unpublished) await publishPlan(deps, plan);
  const { history } = pastContacts(logged, state);
  const decision = decideCampaignOffer(deps.rules, { state, history }, event.payload, now);
  const envelope = envelopeFor(state, event, now);
  if (decision.kind === 'plan') {
    return claimAndPublish(deps, state, decision.message, logged.messages, envelope);
  }
  if (decision.kind === 'suppress') {
    return announceSuppression(deps, state, decision, envelope, event.payload.campaignId);
  }
  return 'nothing';
}
