import { DateTime } from 'luxon';
import type { MsInterval } from './interval-set.js';

/** A half-open interval [start, end) of instants, both ends in UTC. */
export interface UtcInterval {
  readonly start: DateTime;
  readonly end: DateTime;
}

/** Internal form → the exported form. */
export function toUtcInterval([start, end]: MsInterval): UtcInterval {
  return {
    start: DateTime.fromMillis(start, { zone: 'utc' }),
    end: DateTime.fromMillis(end, { zone: 'utc' }),
  };
}
