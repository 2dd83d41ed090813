/**
 * Whether the runtime's time-zone database knows a zone. The answer is cached: schemas check
 * zones on every message, and building a `DateTimeFormat` is slow compared with a map lookup.
 */
const known = new Map<string, boolean>();
// The inputs come from outside: bound the cache so that a stream of junk zones cannot grow it.
const MAX_CACHED = 1_000;

/** True when `zone` is a time zone that `Intl` (and therefore luxon) can compute with. */
export function isKnownTimeZone(zone: string): boolean {
  const cached = known.get(zone);
  if (cached !== undefined) return cached;
  let valid: boolean;
  try {
    Intl.DateTimeFormat(undefined, { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  if (known.size >= MAX_CACHED) known.clear();
  known.set(zone, valid);
  return valid;
}
