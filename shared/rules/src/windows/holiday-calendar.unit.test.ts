import { describe, expect, it } from 'vitest';
import { createHolidayCalendar } from './holiday-calendar.js';

describe('createHolidayCalendar', () => {
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
