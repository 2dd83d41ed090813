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
  createHolidayCalendar,
  nextSendSlotMs,
  type ContactRules,
  type OfficialHolidaySchedule,
  type SendSlot,
} from '../windows/index.js';
import { allowedIntervalsBetween } from '../windows/allowed-intervals.js';

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
  const rules = contactRulesFor(policy, rule, contact.jurisdiction);
  const caps = frequencyCaps(policy, contact.jurisdiction);
  const reasons: string[] = [];
  // Computed once: the same in every round. Instants are epoch ms until a DateTime is answered.
  const to = plusHorizonMs(now, request.horizon);
  const minimum = request.minimumDuration.toMillis();
  const appointments = (contact.appointments ?? []).map((a) => appointmentAt(a.at));
  const windows = {
    zones: request.zones,
    rulesFor: () => rules,
    primaryZone: contact.timeZone,
    preferredWindows: contact.preferredWindows,
    inconvenientWindows: contact.inconvenientWindows,
  };
  let from = now.toMillis();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const intervals = allowedIntervalsBetween(windows, from, to);
    const { slot } = nextSendSlotMs(intervals, from, minimum, appointments);
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
    from = check.earliestAllowedAt.toMillis();
    if (from >= to)
      return { found: false, reason: 'CAP_REACHED', retryAt: check.earliestAllowedAt };
  }
  return { found: false, reason: 'CAP_REACHED' };
}

/*
 * The windows' view of a rule (its hours, its holiday calendar, its closed weekdays) by the rule
 * and by place. A loaded policy's rules are immutable and live as long as the policy, so the
 * WeakMap holds no policy alive, and a rule of one policy never reads another's. Keeping one
 * object per rule and place matters beyond the calendar (whose years date-holidays computes
 * once): `allowedIntervalsMs` keeps the days it has worked out per such object, so a decision
 * reads its week of windows instead of building it.
 */
const contactRulesByRule = new WeakMap<ContactRule, Map<string, ContactRules>>();

function contactRulesFor(policy: Policy, rule: ContactRule, jurisdiction: string): ContactRules {
  const spec = jurisdictionPolicy(policy, jurisdiction).holidays;
  const country = spec?.country ?? jurisdiction.slice(0, 2);
  const region = spec?.region ? spec.region : undefined;
  let byPlace = contactRulesByRule.get(rule);
  if (byPlace === undefined) {
    byPlace = new Map();
    contactRulesByRule.set(rule, byPlace);
  }
  // The rule belongs to one jurisdiction, so its calendar setting is fixed: the place is the key.
  const key = `${country}|${region ?? ''}`;
  const cached = byPlace.get(key);
  if (cached !== undefined) return cached;
  const official =
    spec?.schedule === 'official' ? (policy.officialHolidays?.get(country) ?? EMPTY) : undefined;
  const holidays =
    rule.excludeHolidays || rule.noContactDates.length > 0 || official !== undefined
      ? createHolidayCalendar({
          country,
          ...(region !== undefined ? { region } : {}),
          extraDates: rule.noContactDates,
          ...(rule.excludeHolidays ? { types: spec?.types } : { types: [] }),
          // The official schedule's make-up working days count even where holidays do not.
          official,
          observances: rule.excludeHolidays ? spec?.observances : [],
        })
      : undefined;
  const rules: ContactRules = {
    hours: rule.hours,
    holidays,
    closedWeekdays: rule.excludeSundays ? [7] : [],
  };
  byPlace.set(key, rules);
  return rules;
}

/** An official schedule without a year: every year falls back (and is reported at start). */
const EMPTY: OfficialHolidaySchedule = {
  country: '',
  years: new Map(),
  holidays: new Set(),
  workdays: new Set(),
};

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

/** `now.plus(duration)` as epoch ms, without luxon's normalisation where it is a plain sum. */
function plusHorizonMs(now: DateTime, duration: Duration): number {
  const calendar = duration.years !== 0 || duration.quarters !== 0 || duration.months !== 0;
  if (calendar || !now.isValid || !duration.isValid || !now.zone.isUniversal) {
    return now.plus(duration).toMillis();
  }
  let span = fixedSpans.get(duration);
  if (span === undefined) {
    const origin = DateTime.fromMillis(0, { zone: 'utc' });
    span = origin.plus(duration).toMillis() - origin.toMillis();
    fixedSpans.set(duration, span);
  }
  // `to` is only ever read as an instant (the end of the search and a comparison).
  return now.toMillis() + span;
}
