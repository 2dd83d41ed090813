/**
 * One round of every running launch: the page of accounts the throttle allows, decided
 * (`walkPage`), the assignments recorded, the treatment handed to the planner, then the cursor
 * moved. In that order, so that a crash anywhere repeats at most the page: the assignments are
 * recorded once, and the hand-offs carry ids derived from campaign and account, which the
 * planner plans once. A launch paused or cancelled is read as such at the next round: nothing
 * more is handed over from then on.
 */
import { DateTime } from 'luxon';
import {
  createEvent,
  deterministicId,
  type CampaignOfferV1,
  type OutreachCancelledV1,
} from '@kindly/contracts';
import { referenceFieldsOf, type PaymentReferenceFields } from '../attribution/index.js';
import type { CampaignMessage } from '../data-access/campaign-messages.repository.js';
import { scheduleDayAt } from '../definition/index.js';
import {
  handedOffTotal,
  LAUNCH_ITSELF,
  type Launch,
  type LaunchCounts,
  type LaunchStatus,
} from './launch.js';
import {
  accountKey,
  type AccountPages,
  type BeyondStateFacts,
  type Exposure,
  type Exposures,
  type Launches,
  type OfferPublisher,
} from './ports.js';
import { allowanceAt, budgetAllowance, used } from './throttle.js';
import { countOutcome } from './launch-counts.js';
import { breakerVerdict, noReach } from '../reach/reach.js';
import { walkPage, type WalkedOutcome } from './walk-page.js';
import { sendByOf } from './send-by.js';

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
  /**
   * Signs the reference a message's payment link ends with (message, campaign, variant, tenant,
   * account): set when the service has reference keys; absent, links end with the short one.
   */
  readonly signReference?: (fields: PaymentReferenceFields) => string;
  /** Told when the complaint breaker pauses a campaign (the alert metric). */
  readonly onBreakerTrip?: (campaignId: string, why: string) => void;
  /**
   * A paused or cancelled campaign's messages still waiting, and their withdrawal. The service
   * always has both; a benchmark of the walk alone may leave them out (nothing is withdrawn).
   */
  readonly waiting?: {
    of(campaignId: string, limit: number): Promise<readonly CampaignMessage[]>;
    markWithdrawn(messageIds: readonly string[]): Promise<void>;
  };
  readonly cancellations?: { publish(events: readonly OutreachCancelledV1[]): Promise<void> };
}

/** Launches a round could not move: the others moved; the loop logs this and tries again. */
export class LaunchRoundError extends Error {
  constructor(readonly failures: readonly { campaignId: string; error: unknown }[]) {
    super(
      `${failures.length} launch(es) could not move: ${failures.map((f) => f.campaignId).join(', ')}`,
    );
    this.name = 'LaunchRoundError';
  }
}

export interface RoundResult {
  readonly handedOff: number;
  /** True when a launch stopped at its allowance with accounts left: run again at once. */
  readonly full: boolean;
}

export async function launchRound(deps: LaunchRoundDeps, now: Date): Promise<RoundResult> {
  let handedOff = 0;
  let full = false;
  const failures: { campaignId: string; error: unknown }[] = [];
  // Every launch whose campaign has not ended: a completed walk's messages are still going out
  // (its breaker holds), a paused or cancelled one's still waiting are withdrawn.
  for (const launch of await deps.launches.live(isoSeconds(now))) {
    // One launch that cannot move (a bad record, a broker away) must not hold up the others'
    // walks, withdrawals and breakers: it is tried again next round.
    try {
      switch (launch.status) {
        case 'running': {
          const walked = await walkLaunch(deps, launch, now);
          handedOff += walked.handedOff;
          full ||= walked.more;
          break;
        }
        case 'completed':
          await tripBreaker(deps, launch, now, ['completed']);
          break;
        case 'paused':
        case 'cancelled':
          full ||= await withdrawWaiting(deps, launch, now);
          break;
      }
    } catch (error) {
      failures.push({ campaignId: launch.campaignId, error });
    }
  }
  // A walk still running when its campaign ended (throttled to the end) is over.
  for (const launch of await deps.launches.running()) {
    if (launch.sendBy < isoSeconds(now)) await complete(deps, launch, now, 'the campaign ended');
  }
  if (failures.length > 0) throw new LaunchRoundError(failures);
  return { handedOff, full };
}

/** Pauses the campaign when its complaints pass the limits; true when it did or it was. */
async function tripBreaker(
  deps: LaunchRoundDeps,
  launch: Launch,
  now: Date,
  from: readonly LaunchStatus[],
): Promise<boolean> {
  const { campaign } = launch;
  const breaker = breakerVerdict(launch.reach ?? noReach, campaign.complaintLimits);
  if (!breaker.trip) return false;
  const paused = await deps.launches.setStatus(campaign.campaignId, from, 'paused', {
    action: 'pause',
    at: isoSeconds(now),
    by: LAUNCH_ITSELF,
    reason:
      `complaint breaker: ${breaker.why} at ${(breaker.rate * 100).toFixed(2)} % ` +
      `(limit ${(breaker.limit * 100).toFixed(2)} %)`,
  });
  if (paused) deps.onBreakerTrip?.(campaign.campaignId, breaker.why);
  return true;
}

const WITHDRAW_PER_ROUND = 500;

/**
 * Withdraws a page of a stopped campaign's messages still waiting (planned, not yet taken by a
 * provider): the scheduler drops what it holds, the dispatcher what was released and not sent.
 * The cancellation's id is the planner's for the message, so a message withdrawn for another
 * reason already is one fact. True when more are waiting.
 */
async function withdrawWaiting(deps: LaunchRoundDeps, launch: Launch, now: Date): Promise<boolean> {
  if (deps.waiting === undefined || deps.cancellations === undefined) return false;
  const waiting = await deps.waiting.of(launch.campaignId, WITHDRAW_PER_ROUND);
  if (waiting.length === 0) return false;
  const at = isoSeconds(now);
  await deps.cancellations.publish(
    waiting.map((message) => {
      const eventId = deterministicId('outreach.cancelled', message.messageId);
      return createEvent('outreach.cancelled', {
        eventId,
        occurredAt: at,
        correlationId: eventId,
        causationId: null,
        tenantId: message.tenantId,
        payload: {
          accountId: message.accountId,
          messageId: message.messageId,
          cycleId: message.cycleId,
          stage: message.stage,
          channel: message.channel,
          reason: 'CAMPAIGN_STOPPED',
        },
      });
    }),
  );
  await deps.waiting.markWithdrawn(waiting.map((m) => m.messageId));
  return waiting.length === WITHDRAW_PER_ROUND;
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
  if (await tripBreaker(deps, launch, now, ['running'])) return none;
  const day = scheduleDayAt(campaign.schedule, now);
  if (!day.sends) {
    if (day.reason === 'AFTER_END') await complete(deps, launch, now, 'the schedule ended');
    return none;
  }
  const budget = budgetAllowance(
    campaign.throttle,
    campaign.channels,
    handedOffTotal(launch.counts),
  );
  if (budget === 0) {
    await complete(deps, launch, now, 'the budget is spent');
    return none;
  }
  const throttled = allowanceAt(campaign.throttle, launch.use, now, campaign.schedule.timeZone);
  const allowance = { ...throttled, allowed: Math.min(throttled.allowed, budget) };
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
  await deps.offers.publish(offerEventsOf(launch, walked.outcomes, at, deps.signReference));
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
    by: LAUNCH_ITSELF,
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

function offerEventsOf(
  launch: Launch,
  outcomes: readonly WalkedOutcome[],
  at: string,
  sign: LaunchRoundDeps['signReference'],
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
          ...(sign
            ? {
                paymentReference: sign(
                  referenceFieldsOf(tenantId, accountId, campaign.campaignId, outcome.variant),
                ),
              }
            : {}),
        },
      }),
    ];
  });
}

function counted(counts: LaunchCounts, outcomes: readonly WalkedOutcome[]): LaunchCounts {
  return outcomes.reduce((sum, { outcome }) => countOutcome(sum, outcome), counts);
}
