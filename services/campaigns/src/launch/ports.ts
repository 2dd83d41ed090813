import type { CampaignOfferV1 } from '@kindly/contracts';
import type { AccountState } from '@kindly/rules';
import type { FactsBeyondState } from '../definition/index.js';
import type { CampaignReach } from '../reach/reach.js';
import type { Launch, LaunchAction, LaunchCounts, LaunchStatus, ThrottleUse } from './launch.js';

/** The launches kept (`campaign-launches`). */
export interface Launches {
  get(campaignId: string): Promise<Launch | undefined>;
  /** The launches still walking. */
  running(): Promise<readonly Launch[]>;
  /** Every launch whose campaign has not ended by `nowIso` (UTC ISO-8601), whatever its status. */
  live(nowIso: string): Promise<readonly Launch[]>;
  /** Starts a launch; `exists` when one with this campaign id was started before. */
  create(launch: Launch): Promise<'created' | 'exists'>;
  /**
   * Moves the walk on, only if it still stands where `from` was read (another round of another
   * replica cannot move it twice) and is still running (a pause in between wins).
   */
  advance(
    from: Launch,
    to: { cursor?: string; counts: LaunchCounts; use: ThrottleUse },
  ): Promise<boolean>;
  /** Adds one to a counter of the campaign's reach (by whichever launch of it exists). */
  addReach(campaignId: string, field: keyof CampaignReach): Promise<void>;
  /** Sets the status, if it is one of `from`, and records the action. */
  setStatus(
    campaignId: string,
    from: readonly LaunchStatus[],
    to: LaunchStatus,
    action: LaunchAction,
  ): Promise<boolean>;
}

/** The accounts store (the planner's copy of each account), walked in key order. */
export interface AccountPages {
  pageAfter(
    cursor: string | undefined,
    limit: number,
  ): Promise<readonly { readonly key: string; readonly state: AccountState }[]>;
}

/** What the account state does not hold: stage, last contact, earlier campaign exposure. */
export interface BeyondStateFacts {
  lookup(
    campaignIds: readonly string[],
    accounts: readonly AccountState[],
  ): Promise<ReadonlyMap<string, FactsBeyondState>>;
}

/** An account's assignment to a campaign, holdout or variant, kept for the report. */
export interface Exposure {
  readonly campaignId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly group: 'holdout' | 'treatment';
  readonly variant?: string;
  /** UTC ISO-8601: when it was first assigned (a repeated round keeps the first). */
  readonly assignedAt: string;
}

export interface Exposures {
  /** Records each assignment once: a second record of the same is ignored. */
  record(exposures: readonly Exposure[]): Promise<void>;
}

/** Hands accounts to the planner. */
export interface OfferPublisher {
  publish(events: readonly CampaignOfferV1[]): Promise<void>;
}

/** The key of an account in the lookups: tenant and account. */
export function accountKey(tenantId: string, accountId: string): string {
  return `${tenantId}:${accountId}`;
}
