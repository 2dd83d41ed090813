import { AppError } from '@kindly/errors';
import Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';

/** Answers whether a local calendar date is a day without contact. */
export interface HolidayCalendar {
  /** @param localDate - `YYYY-MM-DD`, a date on the customer's wall clock */
  isHoliday(localDate: string): boolean;
}

/** Which holidays of which place, plus dates a policy adds. */
export interface HolidayCalendarOptions {
  /** ISO 3166-1 alpha-2, e.g. `CN`, `US`, `GB`. */
  readonly country: string;
  /** The subdivision as date-holidays names it (`CA` for California, `SCT` for Scotland). */
  readonly region?: string | undefined;
  /** `YYYY-MM-DD` dates closed in addition, e.g. China's bridge days of an adjusted week. */
  readonly extraDates?: readonly string[] | undefined;
  /** date-holidays types that close a day; default `['public']`. */
  readonly types?: readonly HolidaysTypes.HolidayType[] | undefined;
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
 * (China's Women's Day half-day) and multi-day ones (each of their days). China's statutory
 * days (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆) come out as holidays; the State Council's yearly
 * adjusted "golden week" bridge days and make-up working days (调休) are not in date-holidays
 * for recent years, so a policy lists the bridge days in `extraDates`.
 *
 * @throws AppError `HOLIDAY_CALENDAR_UNKNOWN` for a country or region date-holidays lacks,
 *   rather than silently answering "no holidays".
 */
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
  // The shared per-year sets, looked up here by year alone: no key string per question.
  const byYear = new Map<number, ReadonlySet<string>>();
  return {
    isHoliday(localDate: string): boolean {
      if (extra.has(localDate)) return true;
      const year = Number(localDate.slice(0, 4));
      let dates = byYear.get(year);
      if (dates === undefined) {
        dates = datesOfYear(holidays, key, year);
        byYear.set(year, dates);
      }
      return dates.has(localDate);
    },
  };
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

function datesOfYear(holidays: Holidays, key: string, year: number): ReadonlySet<string> {
  const yearKey = `${key}|${year}`;
  const cached = yearDates.get(yearKey);
  if (cached !== undefined) return cached;
  const dates = new Set<string>();
  // A multi-day holiday of the year before may run into this one (New Year spans).
  for (const holiday of [...holidays.getHolidays(year - 1), ...holidays.getHolidays(year)]) {
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
