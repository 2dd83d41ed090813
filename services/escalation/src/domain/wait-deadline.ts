import { DateTime } from 'luxon';
import { fixedWaitMillis, type Wait } from '@kindly/rules';

/**
 * The instant a strategy's wait ends, counted from `from`. Minutes and hours are fixed lengths;
 * days are calendar days in the customer's zone (the strategy README's rule), so `10d` across the
 * spring DST change is 239 hours and across the autumn one 241: the customer's "ten days later,
 * same time" either way.
 */
export function waitEnds(from: DateTime, wait: Wait, zone: string): DateTime {
  const fixed = fixedWaitMillis(wait);
  if (fixed !== undefined) return DateTime.fromMillis(from.toMillis() + fixed, { zone: 'utc' });
  const local = from.setZone(zone);
  const base = local.isValid ? local : from.toUTC();
  return base.plus({ days: wait.amount }).toUTC();
}
