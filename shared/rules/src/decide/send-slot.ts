import { DateTime, type Duration } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel, Purpose } from '@kindly/contracts';
import {
  checkFrequencyCaps,
  contactRule,
  frequencyCaps,
  jurisdictionPolicy,
  type ContactHistoryEntry,
  type ContactRule,
  type Policy,
} from '../policy/index.js';
import {
  allowedIntervalsMs,
  createHolidayCalendar,
  nextSendSlotMs,
  type ContactRules,
  type HolidayCalendar,
  type SendSlot,
} from '../windows/index.js';

export interface SlotRequest {
  readonly policy: Policy;
  readonly contact: ContactUpdatedV1Payload;
  readonly zones: readonly string[];
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly history: readonly ContactHistoryEntry[];
  readonly now: DateTime;
  /** How far ahead to look for a window. */
  readonly horizon: Duration;
  /** A send needs this long before its window closes. */
  readonly minimumDuration: Duration;
}

export type SlotResult =
  | { readonly found: true; readonly slot: SendSlot; readonly reasons: readonly string[] }
  | {
      readonly found: false;
      readonly reason: 'NO_WINDOW' | 'CAP_REACHED';
      readonly retryAt?: DateTime;
    };

// Each cap check moves the search to a later instant; a handful of rounds settles any real history.
const MAX_ROUNDS = 8;

/**
 * The earliest moment, from `now`, at which this send is allowed in every candidate zone (hours,
 * holidays, the customer's own windows) and under every frequency cap, with the end of its window.
 */
export function findSendSlot(request: SlotRequest): SlotResult {
  const { policy, contact, channel, purpose, now } = request;
  const rule = contactRule(policy, contact.jurisdiction, channel, purpose);
  if (rule.hours.length === 0) return { found: false, reason: 'NO_WINDOW' };
  const calendarSpec = jurisdictionPolicy(policy, contact.jurisdiction).holidays;
  const holidays =
    rule.excludeHolidays || rule.noContactDates.length > 0
      ? holidayCalendarFor(
          rule,
          calendarSpec?.country ?? contact.jurisdiction.slice(0, 2),
          calendarSpec?.region ? calendarSpec.region : undefined,
        )
      : undefined;
  const rules: ContactRules = {
    hours: rule.hours,
    holidays,
    closedWeekdays: rule.excludeSundays ? [7] : [],
  };
  const caps = frequencyCaps(policy, contact.jurisdiction);
  const reasons: string[] = [];
  // Computed once: the same in every round.
  const to = plusHorizon(now, request.horizon);
  const minimum = request.minimumDuration.toMillis();
  const appointments = (contact.appointments ?? []).map((a) => appointmentAt(a.at));
  let from = now;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const intervals = allowedIntervalsMs({
      zones: request.zones,
      rulesFor: () => rules,
      primaryZone: contact.timeZone,
      preferredWindows: contact.preferredWindows,
      inconvenientWindows: contact.inconvenientWindows,
      from,
      to,
    });
    const { slot } = nextSendSlotMs(intervals, from.toMillis(), minimum, appointments);
    if (!slot) return { found: false, reason: round === 0 ? 'NO_WINDOW' : 'CAP_REACHED' };
    if (slot.basis === 'appointment') reasons.push('CUSTOMER_APPOINTMENT');
    const check = checkFrequencyCaps({
      history: request.history,
      caps,
      zones: request.zones,
      candidate: { channel, purpose, at: slot.start },
    });
    if (check.allowed) return { found: true, slot, reasons };
    reasons.push('WAITED_FOR_CAP');
    from = check.earliestAllowedAt;
    if (from >= to) return { found: false, reason: 'CAP_REACHED', retryAt: from };
  }
  return { found: false, reason: 'CAP_REACHED' };
}

/*
 * Holiday calendars by the rule that asks for them (its extra dates and whether holidays close)
 * and by place. A loaded policy's rules are immutable and live as long as the policy, so the
 * WeakMap holds no policy alive; a calendar answers the same for ever, so sharing one between
 * decisions changes nothing. Building one per decision (a Set of the dates, a key) was waste.
 */
const calendars = new WeakMap<ContactRule, Map<string, HolidayCalendar>>();

function holidayCalendarFor(
  rule: ContactRule,
  country: string,
  region: string | undefined,
): HolidayCalendar {
  let byPlace = calendars.get(rule);
  if (byPlace === undefined) {
    byPlace = new Map();
    calendars.set(rule, byPlace);
  }
  const key = `${country}|${region ?? ''}`;
  const cached = byPlace.get(key);
  if (cached !== undefined) return cached;
  const calendar = createHolidayCalendar({
    country,
    ...(region !== undefined ? { region } : {}),
    extraDates: rule.noContactDates,
    ...(rule.excludeHolidays ? {} : { types: [] }),
  });
  byPlace.set(key, calendar);
  return calendar;
}

/*
 * Appointment instants by their text: `fromISO` in UTC is a pure function of the text, luxon's
 * parser is slow, and a contact's appointments come back decision after decision. A DateTime is
 * immutable; the cache is cleared when full, so it stays small.
 */
const APPOINTMENT_CACHE_SIZE = 4_096;
const appointmentInstants = new Map<string, DateTime>();

function appointmentAt(text: string): DateTime {
  const cached = appointmentInstants.get(text);
  if (cached !== undefined) return cached;
  const at = DateTime.fromISO(text, { zone: 'utc' });
  if (appointmentInstants.size >= APPOINTMENT_CACHE_SIZE) appointmentInstants.clear();
  appointmentInstants.set(text, at);
  return at;
}

/*
 * How many milliseconds a duration without years, quarters or months adds in a fixed-offset
 * zone: luxon adds its whole days and weeks to the calendar date and the rest as milliseconds,
 * which at a fixed offset is the same amount from any instant. Found once per Duration (rules
 * keep theirs for the process) by asking luxon itself; the WeakMap holds no Duration alive.
 */
const fixedSpans = new WeakMap<Duration, number>();

/** `now.plus(duration)`, without luxon's normalisation in the common case where it is a sum. */
function plusHorizon(now: DateTime, duration: Duration): DateTime {
  const calendar = duration.years !== 0 || duration.quarters !== 0 || duration.months !== 0;
  if (calendar || !now.isValid || !duration.isValid || !now.zone.isUniversal) {
    return now.plus(duration);
  }
  let span = fixedSpans.get(duration);
  if (span === undefined) {
    const origin = DateTime.fromMillis(0, { zone: 'utc' });
    span = origin.plus(duration).toMillis() - origin.toMillis();
    fixedSpans.set(duration, span);
  }
  // `to` is only ever read as an instant (the end of the search and a comparison).
  return DateTime.fromMillis(now.toMillis() + span, { zone: now.zone });
}
