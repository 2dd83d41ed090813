/**
 * One round of every running launch: the page of accounts the throttle allows, decided
 * (`walkPage`), the assignments recorded, the treatment handed to the planner, then the cursor
 * moved. In that order, so that a crash anywhere repeats at most the page: the assignments are
 * recorded once, and the hand-offs carry ids derived from campaign and account, which the
 * planner plans once. A launch paused or cancelled is read as such at the next round: nothing
 * more is handed over from then on.
 */
import { DateTime } from 'luxon';
import { createEvent, deterministicId, type CampaignOfferV1 } from '@kindly/contracts';
import { scheduleDayAt, type Campaign } from '../definition/index.js';
import { handedOffTotal, type Launch, type LaunchCounts } from './launch.js';
import {
  accountKey,
  type AccountPages,
  type BeyondStateFacts,
  type Exposure,
  type Exposures,
  type Launches,
  type OfferPublisher,
} from './ports.js';
import { allowanceAt, used } from './throttle.js';
import { countOutcome } from './launch-counts.js';
import { breakerVerdict, noReach } from '../reach/reach.js';
import { walkPage, type WalkedOutcome } from './walk-page.js';

export interface LaunchRoundDeps {
  readonly launches: Launches;
  readonly accounts: AccountPages;
  readonly beyond: BeyondStateFacts;
  readonly exposures: Exposures;
  readonly offers: OfferPublisher;
  /** Accounts read per page at most (holdout and accounts outside the segment cost no allowance). */
  readonly pageSize: number;
  /** Called between handing a page over and moving the cursor: the crash test kills itself here. */
  readonly afterPublish?: () => void;
  /** Told when the complaint breaker pauses a campaign (the alert metric). */
  readonly onBreakerTrip?: (campaignId: string, why: string) => void;
}

export interface RoundResult {
  readonly handedOff: number;
  /** True when a launch stopped at its allowance with accounts left: run again at once. */
  readonly full: boolean;
}

export async function launchRound(deps: LaunchRoundDeps, now: Date): Promise<RoundResult> {
  let handedOff = 0;
  let full = false;
  for (const launch of await deps.launches.running()) {
    const walked = await walkLaunch(deps, launch, now);
    handedOff += walked.handedOff;
    full ||= walked.more;
  }
  return { handedOff, full };
}

/**
 * Moves one launch on by a page: the number handed over, and whether the page ended with
 * allowance left (accounts outside the segment or in the holdout cost none): walk on at once.
 */
export async function walkLaunch(
  deps: LaunchRoundDeps,
  launch: Launch,
  now: Date,
): Promise<{ handedOff: number; more: boolean }> {
  const none = { handedOff: 0, more: false };
  const { campaign } = launch;
  const breaker = breakerVerdict(launch.reach ?? noReach, campaign.complaintLimits);
  if (breaker.trip) {
    const paused = await deps.launches.setStatus(campaign.campaignId, ['running'], 'paused', {
      action: 'pause',
      at: isoSeconds(now),
      by: 'kindly',
      reason:
        `complaint breaker: ${breaker.why} at ${(breaker.rate * 100).toFixed(2)} % ` +
        `(limit ${(breaker.limit * 100).toFixed(2)} %)`,
    });
    if (paused) deps.onBreakerTrip?.(campaign.campaignId, breaker.why);
    return none;
  }
  const day = scheduleDayAt(campaign.schedule, now);
  if (!day.sends) {
    if (day.reason === 'AFTER_END') await complete(deps, launch, now, 'the schedule ended');
    return none;
  }
  const allowance = allowanceAt(campaign.throttle, launch.use, now, campaign.schedule.timeZone);
  if (allowance.allowed === 0) return none;
  const page = await deps.accounts.pageAfter(launch.cursor, deps.pageSize);
  if (page.length === 0) {
    await complete(deps, launch, now, 'every account walked');
    return none;
  }
  // Earlier exposure means to other campaigns: this launch's own assignments (a page walked
  // again after a crash) must not keep an account out of the campaign that assigned it.
  const campaignIds = (campaign.segment.notExposedTo ?? [])
    .flatMap((e) => e.campaignIds)
    .filter((id) => id !== campaign.campaignId);
  const beyond = await deps.beyond.lookup(
    [...new Set(campaignIds)],
    page.map((p) => p.state),
  );
  const walked = walkPage(
    campaign,
    page.map(({ key, state }) => ({
      key,
      state,
      beyond: beyond.get(accountKey(state.tenantId, state.accountId)) ?? { exposures: [] },
    })),
    now,
    allowance.allowed,
  );
  const at = isoSeconds(now);
  await deps.exposures.record(exposuresOf(campaign.campaignId, walked.outcomes, at));
  await deps.offers.publish(offerEventsOf(launch, walked.outcomes, at));
  deps.afterPublish?.();
  const last = walked.outcomes[walked.outcomes.length - 1];
  const moved = await deps.launches.advance(launch, {
    ...(last ? { cursor: last.key } : launch.cursor ? { cursor: launch.cursor } : {}),
    counts: counted(launch.counts, walked.outcomes),
    use: used(allowance.use, walked.offers),
  });
  const more = moved && walked.outcomes.length === page.length && walked.offers < allowance.allowed;
  return { handedOff: walked.offers, more };
}

function isoSeconds(now: Date): string {
  return DateTime.fromJSDate(now).toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

async function complete(deps: LaunchRoundDeps, launch: Launch, now: Date, reason: string) {
  const at = isoSeconds(now);
  await deps.launches.setStatus(launch.campaignId, ['running'], 'completed', {
    action: 'complete',
    at,
    by: 'kindly',
    reason: `${reason}: ${handedOffTotal(launch.counts)} handed to the planner`,
  });
}

function exposuresOf(
  campaignId: string,
  outcomes: readonly WalkedOutcome[],
  assignedAt: string,
): Exposure[] {
  return outcomes.flatMap(({ tenantId, accountId, outcome }): Exposure[] => {
    if (outcome.kind === 'holdout') {
      return [{ campaignId, tenantId, accountId, group: 'holdout' as const, assignedAt }];
    }
    if (outcome.kind === 'offer' || outcome.kind === 'wording-needs-offer') {
      const variant = outcome.variant;
      return [
        { campaignId, tenantId, accountId, group: 'treatment' as const, variant, assignedAt },
      ];
    }
    return [];
  });
}

/** The instant after which the campaign sends nothing: the end of its last day, in its zone. */
export function sendByOf(campaign: Campaign): string {
  const { end, timeZone } = campaign.schedule;
  const last = DateTime.fromISO(end, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return last.minus({ seconds: 1 }).toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}

function offerEventsOf(
  launch: Launch,
  outcomes: readonly WalkedOutcome[],
  at: string,
): CampaignOfferV1[] {
  const { campaign } = launch;
  const sendBy = sendByOf(campaign);
  return outcomes.flatMap(({ tenantId, accountId, outcome }) => {
    if (outcome.kind !== 'offer') return [];
    // From campaign and account only: handing the same account over again is the same event.
    const eventId = deterministicId('campaign.offer', campaign.campaignId, tenantId, accountId);
    return [
      createEvent('campaign.offer', {
        eventId,
        occurredAt: at,
        correlationId: eventId,
        causationId: null,
        tenantId,
        payload: {
          accountId,
          campaignId: campaign.campaignId,
          campaignVersion: campaign.version,
          campaignHash: launch.campaignHash,
          variant: outcome.variant,
          strategyId: campaign.strategyId,
          steps: [...outcome.steps],
          sendBy,
          offers: [...outcome.offers],
        },
      }),
    ];
  });
}

function counted(counts: LaunchCounts, outcomes: readonly WalkedOutcome[]): LaunchCounts {
  return outcomes.reduce((sum, { outcome }) => countOutcome(sum, outcome), counts);
}
