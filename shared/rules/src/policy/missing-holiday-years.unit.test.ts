import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { defaultPolicyFile, loadOfficialHolidays } from '../load-planning-rules.js';
import { loadPolicy } from './load-policy.js';
import { missingHolidayYears } from './missing-holiday-years.js';

const text = readFileSync(defaultPolicyFile, 'utf8');
const policy = loadPolicy(text, { officialHolidays: loadOfficialHolidays() });
const utc = (iso: string) => DateTime.fromISO(iso, { zone: 'utc' });

describe('missingHolidayYears', () => {
  it('reports a year without official data, naming the jurisdiction, the year and the fallback', () => {
    // 2026-12-06: the 60 days ahead reach 2027, which has no file.
    const missing = missingHolidayYears(policy, utc('2026-12-06T00:00:00Z'));
    expect(missing).toEqual([
      expect.objectContaining({ jurisdictions: ['CN'], country: 'CN', year: 2027 }),
    ]);
    expect(missing[0]?.fallback).toMatch(/date-holidays public holidays minus the part-population/);
    expect(missing[0]?.message).toMatch(
      /^no official holiday schedule for CN 2027 \(jurisdictions CN\): deciding on the fallback, date-holidays .* add holidays\/cn\/2027\.yaml/,
    );
  });

  it('reports nothing for a range the data covers', () => {
    expect(missingHolidayYears(policy, utc('2026-04-01T00:00:00Z'))).toEqual([]);
    expect(
      missingHolidayYears(policy, utc('2025-01-01T00:00:00Z'), utc('2026-12-31T00:00:00Z')),
    ).toEqual([]);
  });

  it('without any official data every year of the range is missing, for each entry using it', () => {
    const bare = loadPolicy(`${text.trimEnd()}\n  CN-31:\n    extends: CN\n`);
    const missing = missingHolidayYears(
      bare,
      utc('2025-06-01T00:00:00Z'),
      utc('2026-01-01T00:00:00Z'),
    );
    expect(missing.map((m) => [m.year, m.jurisdictions])).toEqual([
      [2025, ['CN', 'CN-31']],
      [2026, ['CN', 'CN-31']],
    ]);
  });

  it('jurisdictions on date-holidays are never reported', () => {
    const onDateHolidays = loadPolicy(text.replace('      schedule: official\n', ''));
    expect(missingHolidayYears(onDateHolidays, utc('2030-01-01T00:00:00Z'))).toEqual([]);
  });
});
