import { DateTime } from 'luxon';

/**
 * Where "now" comes from. Decisions take `now` as an argument (STYLE P4); a clock is what the
 * composition root and the entry points use to get it, so that tests can pin and move time.
 */
export interface Clock {
  /** The current instant, in UTC. */
  now(): DateTime;
}

/** The real clock. Stateless, so sharing it is not a hidden singleton. */
export const systemClock: Clock = { now: () => DateTime.utc() };
