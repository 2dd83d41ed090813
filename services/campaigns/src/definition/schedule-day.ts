/**
 * Whether a campaign sends on the day `now` falls on, in the schedule's zone. Only the day: the
 * hour each message goes at is the planner's, inside the customer's own windows.
 */
import { DateTime } from 'luxon';
import type { Schedule } from './campaign.schema.js';

export type ScheduleDay =
  | { readonly sends: true; readonly date: string }
  | {
      readonly sends: false;
      readonly date: string;
      readonly reason: 'BEFORE_START' | 'AFTER_END' | 'DAY_NOT_SCHEDULED';
    };

export function scheduleDayAt(schedule: Schedule, now: Date): ScheduleDay {
  const local = DateTime.fromJSDate(now).setZone(schedule.timeZone);
  const date = local.toISODate();
  if (date === null) throw new RangeError(`not a valid instant in ${schedule.timeZone}`);
  // ISO dates compare as strings.
  if (date < schedule.start) return { sends: false, date, reason: 'BEFORE_START' };
  if (date > schedule.end) return { sends: false, date, reason: 'AFTER_END' };
  if (!schedule.daysOfWeek.includes(local.weekday)) {
    return { sends: false, date, reason: 'DAY_NOT_SCHEDULED' };
  }
  return { sends: true, date };
}
