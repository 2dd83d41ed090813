import type { DateTime, Duration } from 'luxon';
import type { MsInterval } from './interval-set.js';
import type { UtcInterval } from './utc-interval.js';
import { utcDateTime } from './utc-interval.js';

/** The first moment a send may start and the end of the window it starts in. */
export interface SendSlot {
  readonly start: DateTime;
  /** The end of the allowed interval: a send must be done (or handed over) before it. */
  readonly end: DateTime;
  /** `appointment` when `start` is a time the customer asked for. */
  readonly basis: 'window' | 'appointment';
}

/** Why an appointment was not used, for the decision's reasons. */
export interface SkippedAppointment {
  readonly at: DateTime;
  readonly reason: 'past' | 'outside-allowed-window' | 'window-closes-too-soon';
}

export interface NextSendSlotInput {
  /** Allowed intervals, sorted and disjoint (what `allowedIntervals` returns). */
  readonly intervals: readonly UtcInterval[];
  readonly now: DateTime;
  /** A send needs at least this long before its window closes (e.g. 5 minutes). */
  readonly minimumDuration: Duration;
  /** Times the customer asked to be contacted at (the contract's `appointments[].at`). */
  readonly appointments?: readonly DateTime[] | undefined;
}

export interface NextSendSlot {
  /** `null` when no allowed interval in the range leaves `minimumDuration` after `now`. */
  readonly slot: SendSlot | null;
  readonly skippedAppointments: readonly SkippedAppointment[];
}

/**
 * The earliest instant ≥ `now` at which a send may start, with the end of its window.
 *
 * A start must leave `minimumDuration` before the window closes, so a window that closes too
 * soon after `now` is passed over for the next one. An appointment at or after `now` that lies
 * in an allowed interval with `minimumDuration` left wins over an earlier open window: the
 * customer said when they can be reached. An appointment outside every allowed interval is not
 * honoured (and reported), because the rules bind whatever the customer asked.
 */
export function nextSendSlot(input: NextSendSlotInput): NextSendSlot {
  return nextSendSlotMs(
    input.intervals.map((i) => [i.start.toMillis(), i.end.toMillis()] as const),
    input.now.toMillis(),
    input.minimumDuration.toMillis(),
    input.appointments,
  );
}

/**
 * {@link nextSendSlot} over intervals, `now` and the minimum in epoch milliseconds (what
 * `allowedIntervalsMs` returns), for callers that have them so: no DateTime per interval.
 */
export function nextSendSlotMs(
  intervals: readonly MsInterval[],
  now: number,
  minimum: number,
  appointmentsAt?: readonly DateTime[],
): NextSendSlot {
  const skippedAppointments: SkippedAppointment[] = [];
  let appointment: SendSlot | null = null;
  const appointments =
    appointmentsAt === undefined || appointmentsAt.length === 0
      ? []
      : [...appointmentsAt].sort((a, b) => a.toMillis() - b.toMillis());
  for (const at of appointments) {
    const instant = at.toMillis();
    const containing = intervals.find(([start, end]) => start <= instant && instant < end);
    if (instant < now) skippedAppointments.push({ at, reason: 'past' });
    else if (containing === undefined)
      skippedAppointments.push({ at, reason: 'outside-allowed-window' });
    else if (containing[1] - instant < minimum)
      skippedAppointments.push({ at, reason: 'window-closes-too-soon' });
    else if (appointment === null)
      appointment = { start: utc(instant), end: utc(containing[1]), basis: 'appointment' };
  }
  if (appointment !== null) return { slot: appointment, skippedAppointments };

  for (const [start, end] of intervals) {
    const candidate = Math.max(start, now);
    if (end - candidate >= minimum && candidate < end) {
      return {
        slot: { start: utc(candidate), end: utc(end), basis: 'window' },
        skippedAppointments,
      };
    }
  }
  return { slot: null, skippedAppointments };
}

function utc(epochMs: number): DateTime {
  return utcDateTime(epochMs);
}
