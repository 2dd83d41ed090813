import type { DateTime } from 'luxon';

/** An instant as the contracts write it: ISO-8601 in UTC with a `Z`, seconds, no zero millis. */
export function utcText(instant: DateTime): string {
  const text = instant.toUTC().toISO({ suppressMilliseconds: true });
  if (text === null) throw new RangeError('an invalid instant has no UTC text');
  return text;
}
