/**
 * A country's official holiday schedule as data, one file a year (`holidays/cn/2026.yaml`): the
 * days off and the weekend days made working days (China's 调休 上班), each year with the notice
 * it comes from. Parsing and checking is pure; `loadOfficialHolidays` reads the files at start.
 */
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { CountryCode, IsoDate, summarizeIssues } from '@kindly/contracts';
import type { IssueSummary } from '@kindly/contracts';
import { AppError } from '@kindly/errors';

const DAY_MS = 86_400_000;
/** China's longest run of days off (Spring Festival) is 9; more is a typo in a date. */
const MAX_HOLIDAY_DAYS = 14;

const Name = z.string().min(1).max(60);

/** One year's file, as written. */
export const OfficialHolidayYearFile = z.strictObject({
  country: CountryCode,
  year: z.number().int().min(2000).max(2200),
  /** The notice the dates are copied from: its title, document number, date and address. */
  source: z.strictObject({
    title: z.string().min(1).max(200),
    number: z.string().min(1).max(100),
    date: IsoDate,
    url: z.url({ protocol: /^https$/ }),
  }),
  holidays: z
    .array(z.strictObject({ name: Name, nameEn: Name, from: IsoDate, to: IsoDate }))
    .min(1)
    .max(40),
  /** Saturdays and Sundays that are working days to make up for the holidays. */
  workdays: z
    .array(z.strictObject({ date: IsoDate, for: Name }))
    .max(40)
    .default([]),
});
export type OfficialHolidayYearFile = z.infer<typeof OfficialHolidayYearFile>;

/** One year of the schedule, dates expanded. */
export interface OfficialHolidayYear {
  readonly country: string;
  readonly year: number;
  readonly source: OfficialHolidayYearFile['source'];
  /** Every local date off (`YYYY-MM-DD`), each day of each holiday. */
  readonly holidays: ReadonlySet<string>;
  /** Every weekend date that is a working day. */
  readonly workdays: ReadonlySet<string>;
}

/** A country's official years, merged for lookups. */
export interface OfficialHolidaySchedule {
  readonly country: string;
  readonly years: ReadonlyMap<number, OfficialHolidayYear>;
  /** The dates off of every year (a notice may name a date of the year next to its own). */
  readonly holidays: ReadonlySet<string>;
  readonly workdays: ReadonlySet<string>;
}

/** The official schedules by country (`CN`). */
export type OfficialHolidays = ReadonlyMap<string, OfficialHolidaySchedule>;

/**
 * Parses and checks one year's file.
 *
 * @param file the file's name, for the error (and, when it is `<year>.yaml`, checked against it).
 * @throws AppError `HOLIDAY_DATA_INVALID` listing every problem with its path.
 */
export function parseOfficialHolidayYear(text: string, file: string): OfficialHolidayYear {
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  const issues: IssueSummary[] = document.errors.map((error) => ({
    path: error.linePos ? `line ${error.linePos[0].line}` : '',
    code: error.code,
    message: error.message.split('\n')[0] ?? error.message,
  }));
  if (issues.length === 0) {
    const parsed = OfficialHolidayYearFile.safeParse(document.toJS());
    if (!parsed.success) issues.push(...summarizeIssues(parsed.error));
    else {
      const year = expand(parsed.data, issues);
      const named = /(\d{4})\.ya?ml$/.exec(file)?.[1];
      if (named !== undefined && Number(named) !== parsed.data.year) {
        issues.push({ path: 'year', code: 'custom', message: `the file is named for ${named}` });
      }
      if (issues.length === 0) return year;
    }
  }
  const lines = issues.map((issue) => `  ${issue.path || '(document)'}: ${issue.message}`);
  throw new AppError('HOLIDAY_DATA_INVALID', `invalid holiday data ${file}:\n${lines.join('\n')}`, {
    retryable: false,
    details: { file, issueCount: issues.length },
  });
}

/**
 * The years of each country merged into one schedule per country.
 *
 * @throws AppError `HOLIDAY_DATA_INVALID` when a country's year is given twice.
 */
export function officialHolidays(years: readonly OfficialHolidayYear[]): OfficialHolidays {
  const byCountry = new Map<string, OfficialHolidayYear[]>();
  for (const year of years) {
    const list = byCountry.get(year.country) ?? [];
    if (list.some((other) => other.year === year.year)) {
      throw new AppError('HOLIDAY_DATA_INVALID', 'a year of official holidays is given twice', {
        retryable: false,
        details: { country: year.country, year: year.year },
      });
    }
    byCountry.set(year.country, [...list, year]);
  }
  const schedules = new Map<string, OfficialHolidaySchedule>();
  for (const [country, list] of byCountry) {
    schedules.set(country, {
      country,
      years: new Map(list.map((year) => [year.year, year])),
      holidays: new Set(list.flatMap((year) => [...year.holidays])),
      workdays: new Set(list.flatMap((year) => [...year.workdays])),
    });
  }
  return schedules;
}

/** Epoch day of `YYYY-MM-DD` (already a valid date). */
function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The file's dates, expanded and checked: each holiday runs forwards and for at most two weeks,
 * no date is off twice, every make-up working day is a Saturday or Sunday and not a day off, and
 * every date lies in the file's year or within a month of it (a notice may start a holiday on
 * 31 December or make a Sunday of late December a working day).
 */
function expand(file: OfficialHolidayYearFile, issues: IssueSummary[]): OfficialHolidayYear {
  const first = dayOf(`${file.year - 1}-12-01`);
  const last = dayOf(`${file.year + 1}-01-31`);
  const inRange = (date: string, path: string) => {
    const day = dayOf(date);
    if (day < first || day > last) {
      issues.push({ path, code: 'custom', message: `${date} is not in or next to ${file.year}` });
    }
  };
  const holidays = new Set<string>();
  file.holidays.forEach((holiday, index) => {
    const path = `holidays[${index}]`;
    inRange(holiday.from, `${path}.from`);
    inRange(holiday.to, `${path}.to`);
    const from = dayOf(holiday.from);
    const to = dayOf(holiday.to);
    if (to < from || to - from >= MAX_HOLIDAY_DAYS) {
      issues.push({
        path: `${path}.to`,
        code: 'custom',
        message: `expected a date from ${holiday.from} to ${MAX_HOLIDAY_DAYS - 1} days after it`,
      });
      return;
    }
    for (let day = from; day <= to; day += 1) {
      const date = dateOf(day);
      if (holidays.has(date)) {
        issues.push({ path, code: 'custom', message: `${date} is in two holidays` });
      }
      holidays.add(date);
    }
  });
  const workdays = new Set<string>();
  file.workdays.forEach((workday, index) => {
    const path = `workdays[${index}].date`;
    inRange(workday.date, path);
    const weekday = new Date(dayOf(workday.date) * DAY_MS).getUTCDay();
    if (weekday !== 0 && weekday !== 6) {
      issues.push({ path, code: 'custom', message: `${workday.date} is not a Saturday or Sunday` });
    }
    if (holidays.has(workday.date)) {
      issues.push({ path, code: 'custom', message: `${workday.date} is also a day off` });
    }
    workdays.add(workday.date);
  });
  return { country: file.country, year: file.year, source: file.source, holidays, workdays };
}
