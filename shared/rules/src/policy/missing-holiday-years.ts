/**
 * Which years an official holiday schedule lacks, so that a service says so at start instead of
 * quietly deciding on the fallback (China publishes next year's schedule in November or so).
 */
import { Duration, type DateTime } from 'luxon';
import { OFFICIAL_FALLBACK } from '../windows/holiday-calendar.js';
import type { Policy } from './policy-types.js';

/** A year a jurisdiction's official holiday schedule has no data for. */
export interface MissingHolidayYear {
  /** The jurisdictions whose calendar it is (`CN`, and any entry extending it). */
  readonly jurisdictions: readonly string[];
  readonly country: string;
  readonly year: number;
  /** What decides that year instead: {@link OFFICIAL_FALLBACK}. */
  readonly fallback: string;
  /** One line for the log, naming all of the above and the file that would fix it. */
  readonly message: string;
}

/**
 * How far ahead a start looks: two months, so that next year's missing schedule is reported
 * from about November (when China publishes it) and before a decision's horizon reaches it.
 */
export const HOLIDAY_LOOKAHEAD = Duration.fromObject({ days: 60 });

/**
 * The years in [from, to] (by their UTC dates) that a `holidays.schedule: official` calendar of
 * the policy has no official data for. Pure: a composition root calls it with `now` and logs a
 * warning per entry.
 */
export function missingHolidayYears(
  policy: Policy,
  from: DateTime,
  to: DateTime = from.plus(HOLIDAY_LOOKAHEAD),
): MissingHolidayYear[] {
  const byCountryYear = new Map<string, { country: string; year: number; ids: string[] }>();
  const first = from.toUTC().year;
  const last = to.toUTC().year;
  for (const [id, jurisdiction] of policy.jurisdictions) {
    const spec = jurisdiction.holidays;
    if (spec?.schedule !== 'official') continue;
    const years = policy.officialHolidays?.get(spec.country)?.years;
    for (let year = first; year <= last; year += 1) {
      if (years?.has(year) === true) continue;
      const key = `${spec.country}|${year}`;
      const entry = byCountryYear.get(key) ?? { country: spec.country, year, ids: [] };
      entry.ids.push(id);
      byCountryYear.set(key, entry);
    }
  }
  return [...byCountryYear.values()].map(({ country, year, ids }) => ({
    jurisdictions: ids,
    country,
    year,
    fallback: OFFICIAL_FALLBACK,
    message:
      `no official holiday schedule for ${country} ${year} (jurisdictions ${ids.join(', ')}): ` +
      `deciding on the fallback, ${OFFICIAL_FALLBACK}; add holidays/` +
      `${country.toLowerCase()}/${year}.yaml from the official notice`,
  }));
}
