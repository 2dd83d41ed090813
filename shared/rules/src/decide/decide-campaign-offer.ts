import { DateTime } from 'luxon';
import type {
  CampaignOfferV1Payload,
  OutreachChannel,
  OutreachPlannedV1Payload,
  SuppressionReason,
} from '@kindly/contracts';
import type { ContactHistoryEntry } from '../policy/index.js';
import type { AccountState } from '../state/account-state.js';
import { selectStage } from '../strategy/index.js';
import { channelEligibility } from './channel-eligibility.js';
import type { PlanningRules } from './decide-outreach.js';
import { localWindow, utcIso } from './local-window.js';
import { deterministicId } from '@kindly/contracts';
import { policyAccountOf, policyContactOf } from './policy-views.js';
import { findSendSlot, type SlotRequest } from './send-slot.js';
import { placesOf } from './zone-places.js';

/** What the planner knows when an account is handed to it by a campaign. */
export interface CampaignOfferFacts {
  readonly state: AccountState;
  /** Past contacts with this customer, for the frequency caps (marketing ones included). */
  readonly history: readonly ContactHistoryEntry[];
}

export type CampaignDecision =
  | {
      readonly kind: 'plan';
      readonly message: OutreachPlannedV1Payload;
      readonly sendableNow: boolean;
    }
  | {
      readonly kind: 'suppress';
      readonly messageId: string;
      readonly cycleId: string;
      readonly stage: number;
      readonly channel: OutreachChannel;
      readonly purpose: 'marketing';
      readonly templateId: string;
      readonly reasons: readonly SuppressionReason[];
    }
  | {
      readonly kind: 'nothing';
      readonly why: 'NOT_OVERDUE' | 'NO_CONTACT' | 'NO_STRATEGY' | 'NO_STAGE' | 'CAMPAIGN_OVER';
    };

/**
 * The cycle a campaign's messages belong to: one per campaign, apart from the account's overdue
 * cycles, so a campaign message neither takes a collections stage's slot nor counts as tried for
 * it. It does count for the frequency caps, as every contact does.
 */
export function campaignCycleId(campaignId: string): string {
  return `campaign:${campaignId}`;
}

/** The id of a campaign's one message to an account. */
export function campaignMessageIdOf(
  tenantId: string,
  accountId: string,
  campaignId: string,
): string {
  return deterministicId('campaign-message', tenantId, accountId, campaignId);
}

/**
 * Decides, for an account a campaign hands over at `now`, the one marketing message it gets:
 * the first of the campaign's channels the policy allows for marketing (consent, opt-outs,
 * flags, arrangements, addresses), at the earliest allowed instant in every zone the customer
 * may be in and within the frequency caps, before the campaign's end; or why none. The wording
 * is the variant's; the offers shown are those of the campaign strategy's stage for the account.
 * Pure: the same facts and `now` give the same decision and the same message id, so a campaign
 * handing the same account twice plans one message.
 */
export function decideCampaignOffer(
  rules: PlanningRules,
  facts: CampaignOfferFacts,
  offer: CampaignOfferV1Payload,
  now: DateTime,
): CampaignDecision {
  const { state } = facts;
  // The contract holds at least one step; an empty list plans nothing.
  const head = offer.steps[0];
  if (!head) return { kind: 'nothing', why: 'NO_STAGE' };
  const overdue = state.overdue?.value;
  const account = policyAccountOf(state);
  if (!overdue || !account) return { kind: 'nothing', why: 'NOT_OVERDUE' };
  const contact = state.contact?.value;
  if (!contact) return { kind: 'nothing', why: 'NO_CONTACT' };
  const sendBy = DateTime.fromISO(offer.sendBy, { zone: 'utc' });
  if (now > sendBy) return { kind: 'nothing', why: 'CAMPAIGN_OVER' };
  const strategy = rules.strategies.strategies.find(
    (s) => s.strategyId === offer.strategyId && s.kind === 'campaign',
  );
  if (!strategy) return { kind: 'nothing', why: 'NO_STRATEGY' };
  const stage = selectStage(strategy, {
    daysPastDue: overdue.daysPastDue,
    overdueBalance: overdue.overdueAmount,
  });
  if (!stage) return { kind: 'nothing', why: 'NO_STAGE' };

  const cycleId = campaignCycleId(offer.campaignId);
  // One message per campaign and account, whatever the stage the account has moved into or the
  // channel it goes by by the time the campaign hands it over again: the id says so.
  const messageId = campaignMessageIdOf(state.tenantId, state.accountId, offer.campaignId);
  const views = {
    policy: rules.policy,
    account,
    contact,
    policyContact: policyContactOf(state, contact),
  };
  const barred: SuppressionReason[] = [];
  const skipped: string[] = [];
  let firstAllowed:
    { channel: OutreachChannel; templateId: string; reason: SuppressionReason } | undefined;
  for (const step of offer.steps) {
    const verdict = channelEligibility(views, { channel: step.channel, purpose: 'marketing' }, now);
    if (!verdict.allowed) {
      barred.push(...verdict.reasons);
      skipped.push(`SKIPPED_${step.channel.toUpperCase()}`);
      continue;
    }
    const request = {
      policy: rules.policy,
      contact,
      channel: step.channel,
      purpose: 'marketing' as const,
      history: facts.history,
      now,
    };
    const slot = findSendSlot(request);
    const start = slot.found ? slot.slot.start : undefined;
    if (!slot.found || start === undefined || start > sendBy) {
      firstAllowed ??= {
        ...step,
        reason: slot.found ? lateSlotReason(request, sendBy) : slot.reason,
      };
      skipped.push(`SKIPPED_${step.channel.toUpperCase()}`);
      continue;
    }
    const end = slot.slot.end < sendBy ? slot.slot.end : sendBy;
    const zones = placesOf(rules.policy, contact).map((place) => place.zone);
    return {
      kind: 'plan',
      sendableNow: start <= now,
      message: {
        accountId: state.accountId,
        messageId,
        cycleId,
        stage: stage.stage,
        channel: step.channel,
        templateId: step.templateId,
        locale: contact.locale,
        purpose: 'marketing',
        earliestSendAt: utcIso(start),
        latestSendAt: utcIso(end),
        window: { zones, ...localWindow(start, end, contact.timeZone) },
        strategyId: strategy.strategyId,
        strategyVersion: strategy.version,
        campaignId: offer.campaignId,
        variant: offer.variant,
        // No `passedOver`: a campaign's message goes once, on the first channel it may, and is
        // not withdrawn for a channel that became eligible later (the supersession at release
        // is the stage's fallback's, `decideOutreach`).
        // The campaign's own offers, with their terms: the message states these.
        offers: [...offer.offers],
        ...(offer.paymentReference !== undefined
          ? { paymentReference: offer.paymentReference }
          : {}),
        reasons: [
          'CAMPAIGN_OFFER',
          `STAGE_${stage.stage}`,
          `DPD_${overdue.daysPastDue}`,
          ...skipped,
          ...slot.reasons,
        ].slice(0, 20),
      },
    };
  }
  // Every channel barred, or none with a time before the campaign ends: the first allowed
  // channel's reason when there was one (a window or a cap), else every bar met.
  const first = firstAllowed ?? head;
  const reasons: SuppressionReason[] = firstAllowed
    ? [firstAllowed.reason]
    : [...new Set(barred.length > 0 ? barred : (['NO_ADDRESS'] as const))];
  return {
    kind: 'suppress',
    messageId,
    cycleId,
    stage: stage.stage,
    channel: first.channel,
    purpose: 'marketing',
    templateId: first.templateId,
    reasons,
  };
}

/**
 * Why the first time allowed comes after the campaign's end: the caps, when the windows alone
 * would have allowed a time before it (the reason the suppression names is the one to act on);
 * otherwise the windows.
 */
function lateSlotReason(request: SlotRequest, sendBy: DateTime): 'CAP_REACHED' | 'NO_WINDOW' {
  const windowsAlone = findSendSlot({ ...request, history: [] });
  return windowsAlone.found && windowsAlone.slot.start <= sendBy ? 'CAP_REACHED' : 'NO_WINDOW';
}
