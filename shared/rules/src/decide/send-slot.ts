import { DateTime, Duration } from 'luxon';
import type { ContactUpdatedV1Payload, OutreachChannel, Purpose } from '@kindly/contracts';
import {
  capsThatNeverAllow,
  checkFrequencyCaps,
  contactRule,
  frequencyCaps,
  type ContactHistoryEntry,
  type Policy,
} from '../policy/index.js';
import { nextSendSlotMs, type SendSlot } from '../windows/index.js';
import { allowedIntervalsBetween } from '../windows/allowed-intervals.js';
import { addressTypeFor } from './policy-views.js';
import { placesOf } from './zone-places.js';
import { contactRulesFor } from './zone-rules.js';

export interface SlotRequest {
  readonly policy: Policy;
  readonly contact: ContactUpdatedV1Payload;
  /**
   * Zones beyond those the contact's record gives (`placesOf`), judged by the customer's own
   * jurisdiction: the zones a plan was made for, which must still allow it at the last look.
   */
  readonly zones?: readonly string[];
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly history: readonly ContactHistoryEntry[];
  readonly now: DateTime;
  /** How far ahead to look; the rule's `searchHorizonDays` when absent. */
  readonly horizon?: Duration;
  /** How long a send needs before its window closes; the rule's `minimumMinutesLeft` when absent. */
  readonly minimumDuration?: Duration;
}

/** A zone whose rules never open for this channel and purpose, and under which jurisdiction. */
export interface ClosedPlace {
  readonly zone: string;
  readonly jurisdiction: string;
}

export type SlotResult =
  | {
      readonly found: true;
      readonly slot: SendSlot;
      readonly reasons: readonly string[];
      /** The caps (by policy id) that moved the send later, in the order they did. */
      readonly blockingCaps: readonly string[];
    }
  | {
      readonly found: false;
      /**
       * `NO_WINDOW`: no allowed time within the horizon (look again at `retryAt`, its end);
       * `CAP_REACHED`: the caps hold every window within it back (`retryAt` when known);
       * `NEVER_ALLOWED`: the policy never allows it (a rule without hours, a cap of 0).
       */
      readonly reason: 'NO_WINDOW' | 'CAP_REACHED' | 'NEVER_ALLOWED';
      readonly retryAt?: DateTime;
      readonly blockingCaps: readonly string[];
      /** For `NEVER_ALLOWED` by hours: the zones and jurisdictions without any. */
      readonly closedIn?: readonly ClosedPlace[];
    };

/** Moving past one cap can run into another; far fewer rounds than this settle any history. */
const MAX_ROUNDS = 64;

/**
 * The earliest moment, from `now`, at which this send is allowed in every candidate zone under
 * each of its jurisdictions' rules (hours, holidays, closed days; see `placesOf`), in the
 * customer's own windows, and under every frequency cap of the customer's jurisdiction, with
 * the end of its window. The horizon and the time a send needs before its window closes are
 * the customer's jurisdiction's, per channel and purpose.
 */
export function findSendSlot(request: SlotRequest): SlotResult {
  const { policy, contact, channel, purpose, now } = request;
  const rule = contactRule(policy, contact.jurisdiction, channel, purpose);
  const places = placesOf(policy, contact, request.zones);
  const closedIn = places.flatMap(({ zone, jurisdictions }) =>
    jurisdictions
      .filter((j) => contactRule(policy, j, channel, purpose).hours.length === 0)
      .map((jurisdiction) => ({ zone, jurisdiction })),
  );
  if (closedIn.length > 0) {
    return { found: false, reason: 'NEVER_ALLOWED', blockingCaps: [], closedIn };
  }
  const caps = frequencyCaps(policy, contact.jurisdiction);
  // A cap limited to some address types holds back only a send to one of them.
  const type = addressTypeFor(channel, contact);
  const addressType = type !== undefined ? { addressType: type } : {};
  const never = capsThatNeverAllow(caps, { channel, purpose, ...addressType });
  if (never.length > 0) return { found: false, reason: 'NEVER_ALLOWED', blockingCaps: never };
  const rulesByZone = new Map(
    places.map(({ zone, jurisdictions }) => [
      zone,
      jurisdictions.map((j) =>
        contactRulesFor(policy, contactRule(policy, j, channel, purpose), j),
      ),
    ]),
  );
  const zones = places.map((place) => place.zone);
  const reasons: string[] = [];
  const blockingCaps: string[] = [];
  // Computed once: the same in every round. Instants are epoch ms until a DateTime is answered.
  const to = plusHorizonMs(now, request.horizon ?? daysOf(rule.searchHorizonDays));
  const minimum = (request.minimumDuration ?? minutesOf(rule.minimumMinutesLeft)).toMillis();
  const appointments = (contact.appointments ?? []).map((a) => appointmentAt(a.at));
  const windows = {
    zones,
    rulesFor: (zone: string) => rulesByZone.get(zone) ?? [],
    primaryZone: contact.timeZone,
    preferredWindows: contact.preferredWindows,
    inconvenientWindows: contact.inconvenientWindows,
    weeks: policy.caches.weeks,
  };
  let from = now.toMillis();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const intervals = allowedIntervalsBetween(windows, from, to);
    const { slot } = nextSendSlotMs(intervals, from, minimum, appointments);
    if (!slot) {
      return round === 0
        ? { found: false, reason: 'NO_WINDOW', retryAt: DateTime.fromMillis(to, UTC), blockingCaps }
        : { found: false, reason: 'CAP_REACHED', blockingCaps };
    }
    if (slot.basis === 'appointment') reasons.push('CUSTOMER_APPOINTMENT');
    // Open now, but with less of the window left than a send needs: it waits for the next.
    else if (round === 0 && slot.start.toMillis() > from && (intervals[0]?.[0] ?? to) <= from) {
      reasons.push('TOO_LITTLE_TIME_LEFT');
    }
    const check = checkFrequencyCaps({
      history: request.history,
      caps,
      zones,
      candidate: { channel, purpose, at: slot.start, ...addressType },
    });
    if (check.allowed) return { found: true, slot, reasons, blockingCaps };
    for (const id of check.blockedBy) if (!blockingCaps.includes(id)) blockingCaps.push(id);
    if (check.reason === 'NEVER_ALLOWED') {
      return { found: false, reason: 'NEVER_ALLOWED', blockingCaps };
    }
    if (!reasons.includes('WAITED_FOR_CAP')) reasons.push('WAITED_FOR_CAP');
    from = check.earliestAllowedAt.toMillis();
    if (from >= to) {
      return {
        found: false,
        reason: 'CAP_REACHED',
        retryAt: check.earliestAllowedAt,
        blockingCaps,
      };
    }
  }
  return {
    found: false,
    reason: 'CAP_REACHED',
    retryAt: DateTime.fromMillis(from, UTC),
    blockingCaps,
  };
}

const UTC = { zone: 'utc' } as const;

/*
 * A rule's days and minutes as Durations, one object per number for the process: the horizon
 * sum below keeps its span per Duration object.
 */
const durations = new Map<string, Duration>();

function daysOf(days: number): Duration {
  return durationOf(`d${days}`, () => Duration.fromObject({ days }));
}

function minutesOf(minutes: number): Duration {
  return durationOf(`m${minutes}`, () => Duration.fromObject({ minutes }));
}

function durationOf(key: string, make: () => Duration): Duration {
  let duration = durations.get(key);
  if (duration === undefined) {
    duration = make();
    durations.set(key, duration);
  }
  return duration;
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
