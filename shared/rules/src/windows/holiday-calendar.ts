import { AppError } from '@kindly/errors';
import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import type { OfficialHolidaySchedule } from './official-holidays.js';

/** Answers whether a local calendar date is a day without contact, or a working weekend day. */
export interface HolidayCalendar {
  /** @param localDate - `YYYY-MM-DD`, a date on the customer's wall clock */
  isHoliday(localDate: string): boolean;
  /**
   * Whether a Saturday or Sunday is a working day by the official schedule (China's 调休 上班).
   * Absent: the place has no such days.
   */
  isMakeUpWorkday?(localDate: string): boolean;
}

/**
 * Days off for part of the population only, by China's 全国年节及纪念日放假办法 Art. 3: women
 * (half a day), youth from 14 (half a day), children under 14, serving soldiers (half a day).
 * date-holidays counts them as public holidays; the State Council's schedule does not list them.
 */
export const PART_POPULATION_OBSERVANCES = {
  'womens-day': { monthDay: '03-08', name: '妇女节' },
  'youth-day': { monthDay: '05-04', name: '青年节' },
  'childrens-day': { monthDay: '06-01', name: '儿童节' },
  'army-day': { monthDay: '08-01', name: '建军节' },
} as const;
export type PartPopulationObservance = keyof typeof PART_POPULATION_OBSERVANCES;

const PART_POPULATION_MONTH_DAYS = new Set<string>(
  Object.values(PART_POPULATION_OBSERVANCES).map((o) => o.monthDay),
);

/**
 * What a year without official data falls back to: named in the start-up warning
 * (`missingHolidayYears`) and in the README, so that nobody mistakes it for the schedule.
 */
export const OFFICIAL_FALLBACK =
  'date-holidays public holidays minus the part-population days (妇女节 03-08, 青年节 05-04, ' +
  '儿童节 06-01, 建军节 08-01), plus the policy observances; no bridge days, no make-up working days';

/** Which holidays of which place, plus dates a policy adds. */
export interface HolidayCalendarOptions {
  /** ISO 3166-1 alpha-2, e.g. `CN`, `US`, `GB`. */
  readonly country: string;
  /** The subdivision as date-holidays names it (`CA` for California, `SCT` for Scotland). */
  readonly region?: string | undefined;
  /** `YYYY-MM-DD` dates closed in addition (a policy's `noContactDates`). */
  readonly extraDates?: readonly string[] | undefined;
  /** date-holidays types that close a day; default `['public']`. `[]`: only `extraDates`. */
  readonly types?: readonly HolidaysTypes.HolidayType[] | undefined;
  /**
   * The official schedule, which replaces date-holidays for the years it has (its days off and
   * make-up working days); other years fall back to {@link OFFICIAL_FALLBACK}.
   */
  readonly official?: OfficialHolidaySchedule | undefined;
  /** Part-population days that close a day too (with `official` only); none by default. */
  readonly observances?: readonly PartPopulationObservance[] | undefined;
}

/** Whether `localDate` is a working day: not a holiday, and Monday–Friday or a make-up day. */
export function isWorkingDay(calendar: HolidayCalendar, localDate: string): boolean {
  if (calendar.isHoliday(localDate)) return false;
  if (calendar.isMakeUpWorkday?.(localDate) === true) return true;
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/*
 * date-holidays parses its rule set for a country on construction (milliseconds), and a year's
 * dates are the same every time they are asked for; both are memoised here, keyed by everything
 * that determines them. Pure data, so sharing it across calendars changes no result.
 */
const instances = new Map<string, Holidays>();
const yearDates = new Map<string, ReadonlySet<string>>();

/**
 * A calendar of the public holidays (by default) of a country or one of its regions, from
 * date-holidays, plus `extraDates`.
 *
 * A holiday closes its whole local date, including holidays date-holidays starts at noon
 * (China's Women's Day half-day) and multi-day ones (each of their days).
 *
 * With `official` (China): the State Council's schedule for the years it has, whole (its bridge
 * days too, and its make-up working days as {@link HolidayCalendar.isMakeUpWorkday}); date-holidays
 * knows the statutory days only, not the yearly adjustment, and counts part-population days as
 * public. A year without official data falls back to {@link OFFICIAL_FALLBACK}.
 *
 * @throws AppError `HOLIDAY_CALENDAR_UNKNOWN` for a country or region date-holidays lacks,
 *   rather than silently answering "no holidays".
 */
const NO_DATES: ReadonlySet<string> = new Set();

export function createHolidayCalendar(options: HolidayCalendarOptions): HolidayCalendar {
  const types = [...(options.types ?? ['public'])].sort();
  const holidays = instanceFor(options.country, options.region, types);
  const key = `${options.country}|${options.region ?? ''}|${types.join(',')}`;
  const extra = new Set(options.extraDates ?? []);
  for (const date of extra) {
    if (!ISO_DATE.test(date)) {
      throw new AppError('INVALID_LOCAL_DATE', 'expected YYYY-MM-DD', {
        details: { value: date.slice(0, 16) },
      });
    }
  }
  const official = options.official;
  if (official === undefined) {
    if ((options.observances ?? []).length > 0) {
      throw new AppError('HOLIDAY_CALENDAR_UNKNOWN', 'observances need the official schedule', {
        details: { country: options.country },
      });
    }
    // The shared per-year sets, looked up here by year alone: no key string per question.
    const byYear = new Map<number, ReadonlySet<string>>();
    return {
      isHoliday(localDate: string): boolean {
        if (extra.has(localDate)) return true;
        const year = Number(localDate.slice(0, 4));
        let dates = byYear.get(year);
        if (dates === undefined) {
          // No types: only the dates named (date-holidays reads an empty list as "every type").
          dates = types.length === 0 ? NO_DATES : datesOfYear(holidays, key, year);
          byYear.set(year, dates);
        }
        return dates.has(localDate);
      },
    };
  }
  return officialCalendar(official, holidays, key, types.length > 0, {
    extra,
    observances: options.observances ?? [],
  });
}

/**
 * A calendar of the official schedule: a year's closed dates (official days off or the
 * fallback, plus observances and extra dates) are worked out once, the first time the year is
 * asked about, and every later question is a set lookup.
 */
function officialCalendar(
  official: OfficialHolidaySchedule,
  fallback: Holidays,
  key: string,
  withHolidays: boolean,
  added: { extra: ReadonlySet<string>; observances: readonly PartPopulationObservance[] },
): HolidayCalendar {
  const monthDays = added.observances.map((o) => PART_POPULATION_OBSERVANCES[o].monthDay);
  const byYear = new Map<number, ReadonlySet<string>>();
  const closedIn = (year: number): ReadonlySet<string> => {
    const ofYear = (date: string) => date.startsWith(`${year}-`);
    const dates = new Set<string>(monthDays.map((monthDay) => `${year}-${monthDay}`));
    if (withHolidays) {
      if (!official.years.has(year)) {
        for (const date of datesOfYear(fallback, key, year, { withoutPartPopulation: true })) {
          if (!official.workdays.has(date)) dates.add(date);
        }
      }
      // Also for a year without its own notice: the next year's may name 31 December.
      for (const date of official.holidays) if (ofYear(date)) dates.add(date);
    }
    for (const date of added.extra) if (ofYear(date)) dates.add(date);
    return dates;
  };
  return {
    isHoliday(localDate: string): boolean {
      const year = Number(localDate.slice(0, 4));
      let dates = byYear.get(year);
      if (dates === undefined) {
        dates = closedIn(year);
        byYear.set(year, dates);
      }
      return dates.has(localDate);
    },
    isMakeUpWorkday(localDate: string): boolean {
      return official.workdays.has(localDate);
    },
  };
}

/** date-holidays writes China's part-population days as fixed rules: `03-08 12:00`, `06-01`. */
function isPartPopulationRule(holiday: HolidaysTypes.Holiday): boolean {
  return PART_POPULATION_MONTH_DAYS.has(holiday.rule.slice(0, 5));
}

function instanceFor(
  country: string,
  region: string | undefined,
  types: HolidaysTypes.HolidayType[],
) {
  const key = `${country}|${region ?? ''}|${types.join(',')}`;
  const cached = instances.get(key);
  if (cached !== undefined) return cached;
  const probe = new Holidays();
  const known =
    Object.hasOwn(probe.getCountries(), country) &&
    (region === undefined || Object.hasOwn(probe.getStates(country) ?? {}, region));
  if (!known) {
    throw new AppError('HOLIDAY_CALENDAR_UNKNOWN', 'date-holidays has no calendar for this place', {
      details: { country, region: region ?? '' },
    });
  }
  const created =
    region === undefined
      ? new Holidays(country, { types })
      : new Holidays(country, region, { types });
  instances.set(key, created);
  return created;
}

function datesOfYear(
  holidays: Holidays,
  key: string,
  year: number,
  { withoutPartPopulation = false } = {},
): ReadonlySet<string> {
  const yearKey = `${key}|${year}|${withoutPartPopulation ? 'fallback' : 'all'}`;
  const cached = yearDates.get(yearKey);
  if (cached !== undefined) return cached;
  const dates = new Set<string>();
  // A multi-day holiday of the year before may run into this one (New Year spans).
  for (const holiday of [...holidays.getHolidays(year - 1), ...holidays.getHolidays(year)]) {
    if (withoutPartPopulation && isPartPopulationRule(holiday)) continue;
    // `date` is the local start, "YYYY-MM-DD hh:mm:ss [±hhmm]"; `start`/`end` give the length.
    const first = holiday.date.slice(0, 10);
    const days = Math.max(
      1,
      Math.round((holiday.end.getTime() - holiday.start.getTime()) / DAY_MS),
    );
    const firstMs = Date.parse(`${first}T00:00:00Z`);
    for (let i = 0; i < days; i += 1) {
      const date = new Date(firstMs + i * DAY_MS).toISOString().slice(0, 10);
      if (date.startsWith(`${year}-`)) dates.add(date);
    }
  }
  yearDates.set(yearKey, dates);
  return dates;
}
