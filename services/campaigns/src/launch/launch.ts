/**
 * A campaign's launch as it is kept between rounds: where the walk over the accounts stands,
 * what it has done so far, how much of the throttle it has used, and who started, paused,
 * resumed or cancelled it. One per campaign id: a campaign is walked once.
 */
import type { Campaign } from '../definition/index.js';
import type { CampaignReach } from '../reach/reach.js';

export type LaunchStatus = 'running' | 'paused' | 'cancelled' | 'completed';

/** What an operator did to a launch, and why: kept with it, in order. */
export interface LaunchAction {
  readonly action: 'launch' | 'pause' | 'resume' | 'cancel' | 'complete';
  /** UTC ISO-8601. */
  readonly at: string;
  /** Who did it (an operator's name or key id); `kindly` for what the launch did itself. */
  readonly by: string;
  readonly reason?: string;
}

/** What the walk has done so far; the preview reports the same counts. */
export interface LaunchCounts {
  /** Accounts looked at. */
  readonly scanned: number;
  /** Accounts the bank has not told enough of yet (no overdue position or contact record). */
  readonly noFacts: number;
  readonly notInSegment: number;
  /** In the segment, but no offer is open to them (each offer's conditions). */
  readonly noOffer: number;
  /** In the segment, but the campaign has no wording in the customer's language. */
  readonly noWording: number;
  readonly holdout: number;
  /** Handed to the planner, by variant. */
  readonly handedOff: Readonly<Record<string, number>>;
  /** Why accounts were left out, by reason code (an account may count under several). */
  readonly reasons: Readonly<Record<string, number>>;
}

/** How much of the throttle is used: in the current clock second and the campaign's local day. */
export interface ThrottleUse {
  /** The UTC second (Unix seconds) `inSecond` counts in. */
  readonly second: number;
  readonly inSecond: number;
  /** The campaign's local date (its schedule's zone) `onDay` counts on. */
  readonly day: string;
  readonly onDay: number;
}

export interface Launch {
  readonly campaignId: string;
  /** SHA-256 of the campaign file launched: a different file cannot take over the walk. */
  readonly campaignHash: string;
  readonly campaign: Campaign;
  /** UTC ISO-8601: the end of the campaign's last day; until then its breaker and pause hold. */
  readonly sendBy: string;
  readonly status: LaunchStatus;
  /** The last account walked (its key in the accounts store); absent before the first. */
  readonly cursor?: string;
  readonly counts: LaunchCounts;
  readonly use: ThrottleUse;
  readonly actions: readonly LaunchAction[];
  /** What its messages met so far (the complaint breaker's inputs); absent before any. */
  readonly reach?: CampaignReach;
}

/** Who the launch's own actions (the breaker's pause, the walk's end) are recorded as by. */
export const LAUNCH_ITSELF = 'kindly';

/**
 * Paused by its complaint breaker and still waiting for a person to resume or cancel it: its last
 * action is its own pause (an operator's pause names the operator).
 */
export function pausedByItsBreaker(launch: Launch): boolean {
  const last = launch.actions[launch.actions.length - 1];
  return launch.status === 'paused' && last?.action === 'pause' && last.by === LAUNCH_ITSELF;
}

export const noCounts: LaunchCounts = {
  scanned: 0,
  noFacts: 0,
  notInSegment: 0,
  noOffer: 0,
  noWording: 0,
  holdout: 0,
  handedOff: {},
  reasons: {},
};

export const noUse: ThrottleUse = { second: 0, inSecond: 0, day: '', onDay: 0 };

/** The total handed to the planner, over every variant. */
export function handedOffTotal(counts: LaunchCounts): number {
  return Object.values(counts.handedOff).reduce((sum, n) => sum + n, 0);
}
