/**
 * The campaign's throttle as arithmetic over explicit instants: how many accounts may be handed
 * to the planner at `now`, and the use after handing some. Messages per second count in each
 * second of the clock (UTC second boundaries), messages per day in each day of the campaign's
 * zone. Kept with the launch, so a restart neither forgets what it used nor starts a fresh second.
 *
 * A library rate limiter would read the wall clock itself; these decisions take `now`, like every
 * decision in Kindly, so that a test can hold the throttle against a clock it moves.
 */
import { DateTime } from 'luxon';
import type { MessageChannel } from '@kindly/contracts';
import type { Throttle } from '../definition/index.js';
import type { ThrottleUse } from './launch.js';

export interface Allowance {
  readonly allowed: number;
  /** The use as of `now` (a new second or day starts from nothing). */
  readonly use: ThrottleUse;
}

export function allowanceAt(
  throttle: Throttle,
  use: ThrottleUse,
  now: Date,
  timeZone: string,
): Allowance {
  const second = Math.floor(now.getTime() / 1000);
  const day = DateTime.fromJSDate(now).setZone(timeZone).toISODate() ?? '';
  const current: ThrottleUse = {
    second,
    inSecond: use.second === second ? use.inSecond : 0,
    day,
    onDay: use.day === day ? use.onDay : 0,
  };
  const allowed = Math.max(
    0,
    Math.min(throttle.perSecond - current.inSecond, throttle.perDay - current.onDay),
  );
  return { allowed, use: current };
}

/** The use after handing `count` more accounts over in the same second and day. */
export function used(use: ThrottleUse, count: number): ThrottleUse {
  return { ...use, inSecond: use.inSecond + count, onDay: use.onDay + count };
}

/**
 * How many more accounts the budget allows: each hand-over is counted at the dearest of the
 * campaign's channels (the planner picks the channel later, so the most it could cost), against
 * the budget less what the hand-overs so far may have cost. The safe side: a campaign may end
 * under its budget, never over it.
 */
export function budgetAllowance(
  throttle: Throttle,
  channels: readonly MessageChannel[],
  handedOff: number,
): number {
  const dearest = Math.max(0, ...channels.map((c) => throttle.costPerMessage[c] ?? 0));
  if (dearest === 0) return Number.POSITIVE_INFINITY;
  const left = throttle.budget.amountMinor - handedOff * dearest;
  // A hair of slack for binary fractions (0.83 × 3 is 2.4899999999999998).
  return Math.max(0, Math.floor(left / dearest + 1e-9));
}
