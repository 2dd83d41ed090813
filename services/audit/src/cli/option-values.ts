/**
 * Commander's parsers for the values of `kindly audit`'s options: a bad value is a usage mistake
 * (exit 2) naming the option and what it expects, found while the line is parsed, before any
 * setting is read or MongoDB connected.
 */
import { InvalidArgumentError } from 'commander';
import { DateTime, IANAZone } from 'luxon';

/** A whole number above 0. */
export function positiveWholeNumber(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new InvalidArgumentError('expected a whole number above 0, e.g. 500');
  }
  return Number(value);
}

/** An ISO 8601 instant, as UTC. */
export function isoInstant(value: string): string {
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  if (!parsed.isValid) {
    throw new InvalidArgumentError('expected an ISO 8601 instant, e.g. 2026-03-04T00:00:00Z');
  }
  return parsed.toUTC().toISO();
}

/** A calendar day, YYYY-MM-DD. */
export function calendarDay(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !DateTime.fromISO(value).isValid) {
    throw new InvalidArgumentError('expected a day as YYYY-MM-DD, e.g. 2026-03-04');
  }
  return value;
}

/** An IANA time zone. */
export function ianaZone(value: string): string {
  if (!IANAZone.isValidZone(value)) {
    throw new InvalidArgumentError('expected an IANA time zone, e.g. Asia/Shanghai');
  }
  return value;
}
