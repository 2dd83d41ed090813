/**
 * One page of a campaign's walk over the accounts, decided without I/O: for each account in
 * order, whether it is in the segment, whether an offer is open to it, whether the campaign
 * speaks its language, then the group the hash puts it in. The holdout is recorded and never
 * handed over; the treatment is handed to the planner, which alone decides whether and when a
 * message may go. The page stops before the account that would exceed the throttle's allowance,
 * so the cursor only ever passes accounts that were fully dealt with.
 */
import type { CampaignStep, Offer } from '@kindly/contracts';
import type { AccountState } from '@kindly/rules';
import {
  assign,
  campaignFactsOf,
  carriedOffers,
  inSegment,
  offersFor,
  type Campaign,
  type FactsBeyondState,
  type Variant,
} from '../definition/index.js';

/** An account as the walk reads it: its key in the store (the cursor), its state, the rest. */
export interface WalkedAccount {
  readonly key: string;
  readonly state: AccountState;
  readonly beyond: FactsBeyondState;
}

export type WalkOutcome =
  | { readonly kind: 'no-facts' }
  | { readonly kind: 'not-in-segment'; readonly reasons: readonly string[] }
  | { readonly kind: 'no-offer'; readonly reasons: readonly string[] }
  | { readonly kind: 'no-wording' }
  | { readonly kind: 'holdout' }
  | {
      /** Assigned to a variant whose wording speaks of an offer not open to the account. */
      readonly kind: 'wording-needs-offer';
      readonly variant: string;
    }
  | {
      readonly kind: 'offer';
      readonly variant: string;
      readonly steps: readonly CampaignStep[];
      readonly offers: readonly Offer[];
    };

export interface WalkedOutcome {
  readonly key: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly outcome: WalkOutcome;
}

export interface WalkedPage {
  /** Every account dealt with, in order; the cursor moves to the last. */
  readonly outcomes: readonly WalkedOutcome[];
  readonly offers: number;
}

export function walkPage(
  campaign: Campaign,
  accounts: readonly WalkedAccount[],
  now: Date,
  allowance: number,
): WalkedPage {
  const outcomes: WalkedOutcome[] = [];
  let offers = 0;
  for (const account of accounts) {
    const outcome = decideAccount(campaign, account, now);
    if (outcome.kind === 'offer') {
      if (offers >= allowance) break;
      offers += 1;
    }
    outcomes.push({
      key: account.key,
      tenantId: account.state.tenantId,
      accountId: account.state.accountId,
      outcome,
    });
  }
  return { outcomes, offers };
}

/** One account's outcome: the same facts, campaign and `now` always give the same. */
export function decideAccount(campaign: Campaign, account: WalkedAccount, now: Date): WalkOutcome {
  const facts = campaignFactsOf(account.state, account.beyond);
  if (facts === undefined) return { kind: 'no-facts' };
  const membership = inSegment(campaign, facts, now);
  if (!membership.in) {
    return { kind: 'not-in-segment', reasons: membership.reasons.map((r) => r.code) };
  }
  const decisions = offersFor(campaign.offers, facts, now);
  const offers = carriedOffers(campaign.offers, decisions);
  if (offers.length === 0) {
    const reasons = decisions.flatMap((o) => (o.eligible ? [] : o.reasons.map((r) => r.code)));
    return { kind: 'no-offer', reasons: [...new Set(reasons)] };
  }
  const locale = account.state.contact?.value.locale ?? '';
  // Every variant has the same locales (the loader checks), so the first speaks for all: the
  // holdout and the treatment are then drawn from the same accounts.
  const [first] = campaign.variants;
  if (first === undefined || stepsOf(campaign, first, locale).length === 0) {
    return { kind: 'no-wording' };
  }
  const assignment = assign(campaign, facts.tenantId, facts.accountId);
  if (assignment.group === 'holdout') return { kind: 'holdout' };
  const variant = assignment.variant;
  const steps = stepsOf(campaign, variant, locale, offers);
  // Still in the variant (its share is measured over every account assigned to it), but not
  // sent a wording that would speak of an offer it does not have.
  if (steps.length === 0) return { kind: 'wording-needs-offer', variant: variant.id };
  return { kind: 'offer', variant: variant.id, steps, offers };
}

/**
 * The campaign's channels, in its order, each with the variant's template in the locale; with
 * `offers`, only the wordings whose required offers are among them.
 */
function stepsOf(
  campaign: Campaign,
  variant: Variant,
  locale: string,
  offers?: readonly Offer[],
): CampaignStep[] {
  return campaign.channels.flatMap((channel) => {
    const wording = variant.wording[channel]?.[locale];
    if (wording === undefined) return [];
    const open =
      offers === undefined ||
      (wording.requiresOffers ?? []).every((kind) => offers.some((o) => o.kind === kind));
    return open ? [{ channel, templateId: wording.templateId }] : [];
  });
}
