/**
 * Which local dates are holidays for a jurisdiction, read the way the policy names them:
 * `date-holidays` for a country (and region), or the official yearly schedule files
 * (`shared/rules/holidays/<country>/<year>.yaml`) for `schedule: official`, falling back to
 * date-holidays without the part-population days for a year that has no file. Read here with
 * plain loops, not through the planner's calendar.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { parse } from 'yaml';
import { defaultHolidayDir } from '@kindly/rules';
import type { HolidaySetting } from './policy-document.js';

export interface HolidayFact {
  readonly date: string;
  readonly name: string;
  /** `official:cn/2026.yaml` or `date-holidays:US` */
  readonly source: string;
}

/** China's days off for part of the population: closed only when the policy lists them. */
const PART_POPULATION: Readonly<Record<string, string>> = {
  'womens-day': '03-08',
  'youth-day': '05-04',
  'childrens-day': '06-01',
  'army-day': '08-01',
};

interface OfficialFile {
  readonly holidays: readonly { name: string; from: string; to: string }[];
}

function eachDate(from: string, to: string): string[] {
  const dates: string[] = [];
  const last = DateTime.fromISO(to, { zone: 'utc' });
  for (let d = DateTime.fromISO(from, { zone: 'utc' }); d <= last; d = d.plus({ days: 1 })) {
    dates.push(d.toISODate() ?? '');
  }
  return dates;
}

function officialYear(dir: string, country: string, year: number): HolidayFact[] | undefined {
  const relative = `${country.toLowerCase()}/${year}.yaml`;
  let text: string;
  try {
    text = readFileSync(join(dir, relative), 'utf8');
  } catch {
    return undefined;
  }
  const file = parse(text) as OfficialFile;
  return file.holidays.flatMap((h) =>
    eachDate(String(h.from), String(h.to)).map((date) => ({
      date,
      name: h.name,
      source: `official:${relative}`,
    })),
  );
}

function packageYear(setting: HolidaySetting, year: number): HolidayFact[] {
  const calendar = setting.region
    ? new Holidays(setting.country, setting.region)
    : new Holidays(setting.country);
  const types = setting.types ?? ['public'];
  const source = `date-holidays:${setting.country}${setting.region ? `-${setting.region}` : ''}`;
  return calendar
    .getHolidays(year)
    .filter((h) => types.includes(h.type))
    .flatMap((h) => {
      // A holiday closes each local date it touches (a noon start still closes its date).
      const days = Math.max(1, Math.ceil((h.end.getTime() - h.start.getTime()) / 86_400_000));
      const first = DateTime.fromISO(h.date.slice(0, 10), { zone: 'utc' });
      return Array.from({ length: days }, (_, i) => ({
        date: first.plus({ days: i }).toISODate() ?? '',
        name: h.name,
        source,
      }));
    });
}

function yearOf(setting: HolidaySetting, year: number, dir: string): HolidayFact[] {
  if (setting.schedule !== 'official') return packageYear(setting, year);
  const observed = (setting.observances ?? []).flatMap((o) => {
    const monthDay = PART_POPULATION[o];
    return monthDay ? [{ date: `${year}-${monthDay}`, name: o, source: 'policy:observances' }] : [];
  });
  const official = officialYear(dir, setting.country, year);
  if (official) return [...official, ...observed];
  const partDays = Object.values(PART_POPULATION);
  const fallback = packageYear(setting, year).filter((h) => !partDays.includes(h.date.slice(5)));
  return [...fallback, ...observed];
}

/** A lookup of holidays by local date, year by year as asked. */
export function createHolidayLookup(dir: string = defaultHolidayDir) {
  const years = new Map<string, HolidayFact[]>();
  return (setting: HolidaySetting, localDate: string): HolidayFact | undefined => {
    const year = Number(localDate.slice(0, 4));
    const key = JSON.stringify([setting, year]);
    let facts = years.get(key);
    if (!facts) {
      facts = yearOf(setting, year, dir);
      years.set(key, facts);
    }
    return facts.find((h) => h.date === localDate);
  };
}

export type HolidayLookup = ReturnType<typeof createHolidayLookup>;
