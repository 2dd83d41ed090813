/**
 * Hours, Sundays, no-contact dates and holidays, checked at the send's instant directly on the
 * wall clock of every zone the customer may be in: a send must be allowed in all of them
 * (Reg F comment 6(b)(1)(i)-2, "convenient in every location"). The customer's own inconvenient
 * windows are read on their primary zone's clock, as the contact record states them.
 */
import type { EventOf } from '@kindly/contracts';
import { DateTime } from 'luxon';
import type { HolidayLookup } from './holiday-lookup.js';
import type { DayName, HoursRow, ResolvedJurisdiction, RuleLayer } from './policy-document.js';
import type { HoursRowEvidence, SendEvidence, Violation } from './recheck-types.js';

const DAY_NAMES: readonly DayName[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function minutesOf(hhmm: string): number {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
}

/** Whether a policy row (`days: [mon, …]`) holds this local minute. */
function inPolicyRow(row: HoursRow, local: DateTime): boolean {
  const minute = local.hour * 60 + local.minute;
  const day = DAY_NAMES[local.weekday - 1];
  return (
    day !== undefined &&
    row.days.includes(day) &&
    minute >= minutesOf(row.start) &&
    minute < minutesOf(row.end)
  );
}

/** The contact record's windows name ISO weekdays (1 is Monday). */
function inCustomerWindow(
  window: { readonly days: readonly number[]; readonly start: string; readonly end: string },
  local: DateTime,
): boolean {
  const minute = local.hour * 60 + local.minute;
  return (
    window.days.includes(local.weekday) &&
    minute >= minutesOf(window.start) &&
    minute < minutesOf(window.end)
  );
}

export interface HoursCheck {
  readonly send: SendEvidence;
  readonly atMs: number;
  readonly zones: readonly string[];
  readonly rule: Required<RuleLayer>;
  readonly rules: ResolvedJurisdiction;
  readonly contact: EventOf<'contact.updated'>['payload'];
  readonly holidayOn: HolidayLookup;
}

export function checkHours(input: HoursCheck): Violation[] {
  const { send, rule, rules } = input;
  const found: Violation[] = [];
  const policyHours: HoursRowEvidence[] = rule.hours.map((h) => ({ ...h, days: [...h.days] }));
  for (const zone of input.zones) {
    const local = DateTime.fromMillis(input.atMs, { zone });
    const date = local.toISODate() ?? '';
    const outside = (why: Extract<Violation, { kind: 'OUTSIDE_WINDOW' }>['why']) =>
      found.push({ kind: 'OUTSIDE_WINDOW', send, zone, why, window: policyHours });
    if (rule.excludeSundays && local.weekday === 7) outside('sunday');
    if (rule.noContactDates.includes(date)) outside('no-contact-date');
    if (!rule.hours.some((row) => inPolicyRow(row, local))) outside('outside-hours');
    const holiday =
      rule.excludeHolidays && rules.holidays ? input.holidayOn(rules.holidays, date) : undefined;
    if (holiday) found.push({ kind: 'HOLIDAY', send, zone, holiday });
  }
  const primary = input.contact.timeZone;
  const local = DateTime.fromMillis(input.atMs, { zone: primary });
  for (const window of input.contact.inconvenientWindows ?? []) {
    if (!inCustomerWindow(window, local)) continue;
    const days = window.days.map((d) => DAY_NAMES[d - 1] ?? String(d));
    found.push({
      kind: 'OUTSIDE_WINDOW',
      send,
      zone: primary,
      why: 'inconvenient-window',
      window: [{ days, start: window.start, end: window.end }],
    });
  }
  return found;
}
