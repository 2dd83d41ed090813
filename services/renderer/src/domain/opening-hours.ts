/**
 * A phone line's opening hours as the customer reads them: put into the customer's own zone on
 * the day the message is dated (so a customer in Los Angeles reads 5am-6pm PDT, not 8am-9pm ET),
 * and named by that zone. When the conversion would move a period onto another weekday (a
 * customer in New York of a line in Shanghai), the hours are stated in the line's own zone, with
 * that zone named, rather than as a schedule that is hard to follow. Plain hyphens, so that an
 * English SMS stays in GSM-7. Pure: the date comes from the caller.
 */
import type { DateTime } from 'luxon';
import { localized, WEEKDAYS, type OpeningHours, type Weekday } from './sender-profile.js';

const WORDS = {
  en: {
    days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
    daily: 'daily',
    range: (from: string, to: string) => `${from}-${to}`,
    localTime: 'local time',
  },
  zh: {
    days: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
    daily: '每天',
    range: (from: string, to: string) => `${from}至${to}`,
    localTime: '当地时间',
  },
} as const;

const wordsOf = (locale: string) => (locale.startsWith('zh') ? WORDS.zh : WORDS.en);

function clock(time: DateTime, locale: string): string {
  if (locale.startsWith('zh')) return time.toFormat('H:mm');
  const hour = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const minutes = time.minute === 0 ? '' : `:${String(time.minute).padStart(2, '0')}`;
  return `${hour}${minutes}${time.hour < 12 ? 'am' : 'pm'}`;
}

/** Mon-Fri, Sat, daily; runs of consecutive days joined with a hyphen. */
function dayList(days: readonly number[], locale: string): string {
  const words = wordsOf(locale);
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return words.daily;
  const runs: number[][] = [];
  for (const day of sorted) {
    const run = runs[runs.length - 1];
    if (run && run[run.length - 1] === day - 1) run.push(day);
    else runs.push([day]);
  }
  return runs
    .map((run) => {
      const first = words.days[(run[0] ?? 1) - 1] ?? '';
      const last = words.days[(run[run.length - 1] ?? 1) - 1] ?? '';
      return run.length === 1 ? first : words.range(first, last);
    })
    .join(locale.startsWith('zh') ? '、' : ', ');
}

/** The zone's short name where it is a real abbreviation (EDT, BST, GMT), else undefined. */
function abbreviation(at: DateTime, locale: string): string | undefined {
  const name = at.setLocale(locale).toFormat('ZZZZ');
  return /^[A-Z]{2,5}$/.test(name) ? name : undefined;
}

/**
 * @param at the instant the message is dated: which week (and so which offsets, DST included)
 *   the hours are converted for
 */
export function openingHoursText(
  hours: OpeningHours,
  customerZone: string,
  at: DateTime,
  locale: string,
): string {
  const home = at.setZone(hours.zone);
  const target = at.setZone(customerZone).isValid ? customerZone : hours.zone;
  const converted = hours.periods.map((period) => {
    const moved = period.days.map((day: Weekday) => {
      const weekday = WEEKDAYS.indexOf(day) + 1;
      const base = home.set({ weekday: weekday as 1 | 2 | 3 | 4 | 5 | 6 | 7 });
      const at = (time: string) => {
        const [h, m] = time.split(':').map(Number);
        return base.set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 });
      };
      return {
        weekday,
        open: at(period.open).setZone(target),
        close: at(period.close).setZone(target),
      };
    });
    return moved;
  });
  const sameDays = converted.every((period) =>
    period.every((d) => d.open.weekday === d.weekday && d.close.weekday === d.weekday),
  );
  const inCustomerZone = sameDays || target === hours.zone;
  const periods = inCustomerZone
    ? converted
    : hours.periods.map((period) =>
        period.days.map((day: Weekday) => {
          const weekday = WEEKDAYS.indexOf(day) + 1;
          const [oh, om] = period.open.split(':').map(Number);
          const [ch, cm] = period.close.split(':').map(Number);
          return {
            weekday,
            open: home.set({ hour: oh ?? 0, minute: om ?? 0 }),
            close: home.set({ hour: ch ?? 0, minute: cm ?? 0 }),
          };
        }),
      );
  const text = periods
    .filter((period) => period.length > 0)
    .map((period) => {
      const first = period[0];
      if (!first) return '';
      const times = `${clock(first.open, locale)}-${clock(first.close, locale)}`;
      return `${dayList(
        period.map((d) => d.weekday),
        locale,
      )} ${times}`;
    })
    .join(locale.startsWith('zh') ? '，' : ', ');
  const zoneAt = inCustomerZone ? at.setZone(target) : home;
  const label =
    (!locale.startsWith('zh') ? abbreviation(zoneAt, locale) : undefined) ??
    (!inCustomerZone || target === hours.zone
      ? localized(hours.zoneName, locale)
      : wordsOf(locale).localTime);
  return locale.startsWith('zh') ? `${label}${text.replace(/ /g, '')}` : `${text} ${label}`;
}
