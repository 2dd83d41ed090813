import type { DateTime, DurationLike } from 'luxon';
import type { Clock } from './clock.js';

function valid(instant: DateTime, what: string): DateTime {
  if (!instant.isValid) {
    throw new RangeError(`${what}: invalid DateTime (${instant.invalidExplanation ?? 'unknown'})`);
  }
  return instant.toUTC();
}

/**
 * A clock for tests: it stands still until told to move, and only moves forward. Moving back
 * would let a test build a history that cannot happen in one run (a reminder sent before it was
 * planned), so it is refused rather than silently accepted.
 */
export class ManualClock implements Clock {
  #now: DateTime;

  /** @param start the first instant `now()` returns; any zone, kept in UTC. */
  constructor(start: DateTime) {
    this.#now = valid(start, 'ManualClock start');
  }

  now(): DateTime {
    return this.#now;
  }

  /**
   * Moves to `instant`; the same instant is allowed.
   *
   * @throws RangeError if `instant` is invalid or earlier than now.
   */
  set(instant: DateTime): void {
    const next = valid(instant, 'ManualClock.set');
    if (next < this.#now) {
      throw new RangeError(
        `ManualClock.set: ${next.toISO() ?? '?'} is before now (${this.#now.toISO() ?? '?'})`,
      );
    }
    this.#now = next;
  }

  /**
   * Moves forward by `duration` (`{ minutes: 5 }`, a `Duration`, or milliseconds). Calendar
   * units (`{ days: 1 }`) are added in UTC.
   *
   * @throws RangeError if the duration is invalid or negative.
   */
  advance(duration: DurationLike): void {
    this.set(this.#now.plus(duration));
  }
}
