import type { DateTime } from 'luxon';

/** An instant as the contracts write it: UTC, seconds, `Z`, no milliseconds when there are none. */
export function utcText(at: DateTime): string {
  const iso = at.toUTC().toISO({ suppressMilliseconds: true });
  if (iso === null) throw new RangeError('invalid instant');
  return iso;
}
