import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultHolidayDir } from '../load-planning-rules.js';
import { officialHolidays, parseOfficialHolidayYear } from './official-holidays.js';

const shipped2026 = readFileSync(`${defaultHolidayDir}/cn/2026.yaml`, 'utf8');

function problemsOf(text: string, file = 'cn/2026.yaml'): string {
  try {
    parseOfficialHolidayYear(text, file);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the file to be refused');
}

describe('parseOfficialHolidayYear', () => {
  it('expands the 2026 notice: 33 days off, 6 make-up working days, with its source', () => {
    const year = parseOfficialHolidayYear(shipped2026, 'cn/2026.yaml');
    expect(year.holidays.size).toBe(33);
    expect([...year.workdays]).toEqual([
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ]);
    expect(year.source).toEqual({
      title: '国务院办公厅关于2026年部分节假日安排的通知',
      number: '国办发明电〔2025〕7号',
      date: '2025-11-04',
      url: 'https://www.gov.cn/zhengce/content/202511/content_7047090.htm',
    });
  });

  it('refuses a make-up day that is a weekday or a day off, and a holiday that runs backwards', () => {
    const bad = shipped2026
      .replace('date: 2026-02-14', 'date: 2026-02-13')
      .replace('date: 2026-02-28', 'date: 2026-02-21')
      .replace('from: 2026-04-04, to: 2026-04-06', 'from: 2026-04-06, to: 2026-04-04');
    const message = problemsOf(bad);
    expect(message).toMatch(/workdays\[1\]\.date: 2026-02-13 is not a Saturday or Sunday/);
    expect(message).toMatch(/workdays\[2\]\.date: 2026-02-21 is also a day off/);
    expect(message).toMatch(/holidays\[2\]\.to: expected a date from 2026-04-06/);
  });

  it('refuses a date far from its year, a file named for another year, and a missing source', () => {
    expect(problemsOf(shipped2026.replace('2026-10-10', '2027-10-10'))).toMatch(
      /2027-10-10 is not in or next to 2026/,
    );
    expect(problemsOf(shipped2026, 'cn/2027.yaml')).toMatch(/named for 2027/);
    expect(problemsOf(shipped2026.replace(/ {2}number: .*\n/, ''))).toMatch(/source\.number/);
  });
});

describe('officialHolidays', () => {
  it('merges a country’s years and refuses a year given twice', () => {
    const year = parseOfficialHolidayYear(shipped2026, 'cn/2026.yaml');
    expect(officialHolidays([year]).get('CN')?.holidays.has('2026-04-05')).toBe(true);
    expect(() => officialHolidays([year, year])).toThrow(/given twice/);
  });
});
