import { jurisdictionPolicy, type ContactRule, type Policy } from '../policy/index.js';
import {
  createHolidayCalendar,
  type ContactRules,
  type OfficialHolidaySchedule,
} from '../windows/index.js';

/*
 * The windows' view of a rule (its hours, its holiday calendar, its closed weekdays) by the rule
 * and by place, kept by the policy (`RuleCaches.contactRules`). Keeping one object per rule and
 * place matters beyond the calendar (whose years date-holidays computes once): the policy's
 * `WeekIntervalCache` keeps the weeks it has worked out per such object, so a decision reads its
 * week of windows instead of building it.
 */
export function contactRulesFor(
  policy: Policy,
  rule: ContactRule,
  jurisdiction: string,
): ContactRules {
  const spec = jurisdictionPolicy(policy, jurisdiction).holidays;
  const country = spec?.country ?? jurisdiction.slice(0, 2);
  const region = spec?.region ? spec.region : undefined;
  let byPlace = policy.caches.contactRules.get(rule);
  if (byPlace === undefined) {
    byPlace = new Map();
    policy.caches.contactRules.set(rule, byPlace);
  }
  // The rule belongs to one jurisdiction, so its calendar setting is fixed: the place is the key.
  const key = `${country}|${region ?? ''}`;
  const cached = byPlace.get(key);
  if (cached !== undefined) return cached;
  const official =
    spec?.schedule === 'official' ? (policy.officialHolidays?.get(country) ?? EMPTY) : undefined;
  const holidays =
    rule.excludeHolidays || rule.noContactDates.length > 0 || official !== undefined
      ? createHolidayCalendar({
          country,
          ...(region !== undefined ? { region } : {}),
          extraDates: rule.noContactDates,
          ...(rule.excludeHolidays ? { types: spec?.types } : { types: [] }),
          // The official schedule's make-up working days count even where holidays do not.
          official,
          observances: rule.excludeHolidays ? spec?.observances : [],
        })
      : undefined;
  const rules: ContactRules = {
    hours: rule.hours,
    holidays,
    closedWeekdays: rule.excludeSundays ? [7] : [],
  };
  byPlace.set(key, rules);
  return rules;
}

/** An official schedule without a year: every year falls back (and is reported at start). */
const EMPTY: OfficialHolidaySchedule = {
  country: '',
  years: new Map(),
  holidays: new Set(),
  workdays: new Set(),
};
