import { describe, expect, it } from 'vitest';
import { loadOfficialHolidays } from '../load-planning-rules.js';
import { createHolidayCalendar, isWorkingDay } from './holiday-calendar.js';

describe('createHolidayCalendar', () => {
  it('with no holiday types closes exactly the dates named, no public holiday or observance (issue 14, item 1)', () => {
    const us = createHolidayCalendar({ country: 'US', types: [], extraDates: ['2026-12-24'] });
    expect(us.isHoliday('2026-12-24')).toBe(true);
    // date-holidays reads an empty list as every type: Independence Day, Valentine's Day and
    // St Patrick's Day closed the days of a policy that named none of them.
    for (const date of ['2026-07-04', '2026-02-14', '2026-03-17', '2026-12-25']) {
      expect(us.isHoliday(date), date).toBe(false);
    }
    const gb = createHolidayCalendar({ country: 'GB', types: [] });
    expect(gb.isHoliday('2026-04-06')).toBe(false); // Easter Monday
  });

  it('China: the statutory days are holidays (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆)', () => {
    const cn = createHolidayCalendar({ country: 'CN' });
    // 2026: Spring Festival (lunar New Year 2026-02-17) and National Day 10-01…03, as date-holidays has them.
    for (const date of [
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-04-05',
      '2026-05-01',
      '2026-06-19',
      '2026-09-25',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
    ]) {
      expect(cn.isHoliday(date), date).toBe(true);
    }
    expect(cn.isHoliday('2026-10-08')).toBe(false);
    expect(cn.isHoliday('2027-02-06')).toBe(true); // lunar New Year 2027 falls on 02-06
  });

  it('policy dates are added (China’s golden-week bridge days)', () => {
    const cn = createHolidayCalendar({
      country: 'CN',
      extraDates: ['2026-10-05', '2026-10-06', '2026-10-07'],
    });
    expect(cn.isHoliday('2026-10-06')).toBe(true);
    expect(cn.isHoliday('2026-10-09')).toBe(false);
  });

  it('public holidays only by default; other types on request; regions add their own', () => {
    const us = createHolidayCalendar({ country: 'US' });
    expect(us.isHoliday('2026-07-04')).toBe(true);
    expect(us.isHoliday('2026-02-14')).toBe(false); // Valentine's Day is an observance
    expect(
      createHolidayCalendar({ country: 'US', types: ['public', 'observance'] }).isHoliday(
        '2026-02-14',
      ),
    ).toBe(true);
    expect(createHolidayCalendar({ country: 'US', region: 'CA' }).isHoliday('2026-03-31')).toBe(
      true,
    ); // César Chávez Day
    expect(us.isHoliday('2026-03-31')).toBe(false);
  });

  it('a multi-day holiday closes each of its days', () => {
    // date-holidays has Korea's Seollal 2026 as one 72-hour holiday from 02-17.
    const kr = createHolidayCalendar({ country: 'KR' });
    const days = ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'];
    expect(days.map((d) => kr.isHoliday(d))).toEqual([false, true, true, true, false]);
  });

  it('an unknown country or region is an error, not an empty calendar', () => {
    expect(() => createHolidayCalendar({ country: 'XX' })).toThrow(/no calendar/);
    expect(() => createHolidayCalendar({ country: 'US', region: 'ZZ' })).toThrow(/no calendar/);
    expect(() => createHolidayCalendar({ country: 'CN', extraDates: ['1 Oct'] })).toThrow(
      /YYYY-MM-DD/,
    );
  });
});

describe('createHolidayCalendar with China’s official schedule', () => {
  const official = loadOfficialHolidays().get('CN');
  const cn = createHolidayCalendar({ country: 'CN', official });

  it('ships 2025 and 2026, each year with its notice', () => {
    expect([...(official?.years.keys() ?? [])].sort()).toEqual([2025, 2026]);
    expect(official?.years.get(2026)?.source).toMatchObject({
      number: '国办发明电〔2025〕7号',
      date: '2025-11-04',
    });
  });

  it('the official days off are holidays, all of them: Qingming 2026 is 4–6 April', () => {
    expect(
      ['2026-04-03', '2026-04-04', '2026-04-05', '2026-04-06', '2026-04-07'].map((d) =>
        cn.isHoliday(d),
      ),
    ).toEqual([false, true, true, true, false]);
    // Spring Festival 15–23 February, National Day 1–7 October (date-holidays: 3 days each).
    expect(cn.isHoliday('2026-02-15') && cn.isHoliday('2026-02-23')).toBe(true);
    expect(cn.isHoliday('2026-10-07') && !cn.isHoliday('2026-10-08')).toBe(true);
  });

  it('a 调休 Saturday is a working day; a normal Saturday is not', () => {
    expect(cn.isMakeUpWorkday?.('2026-02-14')).toBe(true);
    expect(isWorkingDay(cn, '2026-02-14')).toBe(true);
    expect(cn.isHoliday('2026-02-14')).toBe(false);
    expect(cn.isMakeUpWorkday?.('2026-02-07')).toBe(false);
    expect(isWorkingDay(cn, '2026-02-07')).toBe(false);
    expect(isWorkingDay(cn, '2026-02-09')).toBe(true); // a Monday
    expect(isWorkingDay(cn, '2026-02-16')).toBe(false); // a Monday of the Spring Festival
  });

  it('part-population days close nothing by default, and close their date when listed', () => {
    const days = ['2026-03-08', '2026-06-01', '2026-08-01', '2027-03-08'];
    expect(days.map((d) => cn.isHoliday(d))).toEqual([false, false, false, false]);
    const all = createHolidayCalendar({
      country: 'CN',
      official,
      observances: ['womens-day', 'youth-day', 'childrens-day', 'army-day'],
    });
    expect(days.map((d) => all.isHoliday(d))).toEqual([true, true, true, true]);
    // 4 May 2026 is a day off either way: Labour Day runs 1–5 May.
    expect(cn.isHoliday('2026-05-04')).toBe(true);
  });

  it('a year without official data: date-holidays without the part-population days, no make-up days', () => {
    expect(cn.isHoliday('2027-02-06')).toBe(true); // lunar New Year, from date-holidays
    expect(cn.isHoliday('2027-10-01')).toBe(true);
    expect(cn.isHoliday('2027-05-04')).toBe(false);
    expect(cn.isHoliday('2027-06-01')).toBe(false);
    expect(cn.isMakeUpWorkday?.('2027-02-13')).toBe(false);
  });

  it('`types: []` keeps only the extra dates, and still knows the make-up days', () => {
    const none = createHolidayCalendar({
      country: 'CN',
      official,
      types: [],
      extraDates: ['2026-04-07'],
    });
    expect(none.isHoliday('2026-04-05')).toBe(false);
    expect(none.isHoliday('2026-04-07')).toBe(true);
    expect(none.isMakeUpWorkday?.('2026-02-28')).toBe(true);
  });

  it('observances need the official schedule', () => {
    expect(() => createHolidayCalendar({ country: 'CN', observances: ['womens-day'] })).toThrow(
      /official schedule/,
    );
  });
});
