/**
 * Contact windows: where a customer may be, when contact is allowed in all of those places,
 * and the next moment a send may start. Pure functions over explicit instants (luxon).
 */
export { allowedIntervals, allowedIntervalsMs } from './allowed-intervals.js';
export type { AllowedIntervalsInput, ContactRules } from './allowed-intervals.js';
export { candidateZones } from './candidate-zones.js';
export type {
  CandidateZone,
  CandidateZoneOptions,
  CandidateZones,
  UnresolvedHint,
  WhereaboutsHints,
} from './candidate-zones.js';
export {
  createHolidayCalendar,
  isWorkingDay,
  OFFICIAL_FALLBACK,
  PART_POPULATION_OBSERVANCES,
} from './holiday-calendar.js';
export type { HolidayCalendar, HolidayCalendarOptions } from './holiday-calendar.js';
export {
  OfficialHolidayYearFile,
  officialHolidays,
  parseOfficialHolidayYear,
} from './official-holidays.js';
export type {
  OfficialHolidays,
  OfficialHolidaySchedule,
  OfficialHolidayYear,
} from './official-holidays.js';
export type { MsInterval } from './interval-set.js';
export type { LocalWeeklyWindow } from './local-time.js';
export { zonesOfNanpAreaCode } from './nanp-area-code-zones.js';
export { nextSendSlot, nextSendSlotMs } from './next-send-slot.js';
export type {
  NextSendSlot,
  NextSendSlotInput,
  SendSlot,
  SkippedAppointment,
} from './next-send-slot.js';
export { usRegionCode, zonesOfUsRegion } from './us-region-zones.js';
export type { UtcInterval } from './utc-interval.js';
