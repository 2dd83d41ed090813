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
