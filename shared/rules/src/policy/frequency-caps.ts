/**
 * Frequency caps over rolling windows: may this send go now, and if not, from when?
 *
 * Every cap is counted on an integer timeline: local calendar days in the customer's zone
 * (`unit: days`), or milliseconds (`unit: hours`). A window of length L ending at position k
 * covers [k − L + 1, k]; so "7 days" on day d is d and the six days before it, the Reg F reading
 * in which a conversation's date is day 1 [S4][S5]. Days are counted in every zone the customer
 * may be in; the send must fit in all of them.
 */
import { DateTime } from 'luxon';
import type { CandidateSend, ContactHistoryEntry } from './contact-history.js';
import { checkZone, instant, localDayNumberOfMs, startOfLocalDayMs } from './local-days.js';
import type { FrequencyCap, QuietAfterCap, RollingCap } from './policy-types.js';

/** The answer: allowed, or blocked with the earliest instant every cap allows. */
export type CapCheck =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      readonly reason: 'CAP_REACHED';
      /** In UTC: the start of a local day for day caps, an exact instant for hours. */
      readonly earliestAllowedAt: DateTime;
      /** Ids of the caps that held the send back, in the order they did. */
      readonly blockedBy: readonly string[];
    }
  | {
      readonly allowed: false;
      /** A cap of `limit: 0` applies: this channel and purpose are never allowed. */
      readonly reason: 'NEVER_ALLOWED';
      readonly blockedBy: readonly string[];
    };

export interface CapCheckInput {
  readonly history: readonly ContactHistoryEntry[];
  readonly caps: readonly FrequencyCap[];
  /** The customer's zone first, then any other candidate zone (IANA names). At least one. */
  readonly zones: readonly string[];
  readonly candidate: CandidateSend;
}

const HOUR_MS = 3_600_000;
/** Each round moves the instant to a later breakpoint of a finite history; far fewer suffice. */
const MAX_ROUNDS = 10_000;

/** The caps of `limit: 0` (never) that apply to a send of this channel and purpose. */
export function capsThatNeverAllow(
  caps: readonly FrequencyCap[],
  send: Pick<CandidateSend, 'channel' | 'purpose' | 'addressType'>,
): string[] {
  return caps
    .filter((cap) => cap.kind === 'rolling' && cap.limit === 0 && applies(cap, send))
    .map((cap) => cap.id);
}

function applies(
  cap: FrequencyCap,
  send: Pick<CandidateSend, 'channel' | 'purpose' | 'addressType'>,
): boolean {
  if (!cap.channels.includes(send.channel) || !cap.purposes.includes(send.purpose)) return false;
  if (cap.kind === 'quiet-after' || !cap.addressTypes || !send.addressType) return true;
  return cap.addressTypes.includes(send.addressType);
}

function sameScope(cap: FrequencyCap, entry: ContactHistoryEntry): boolean {
  if (!cap.channels.includes(entry.channel)) return false;
  return entry.purpose === undefined || cap.purposes.includes(entry.purpose);
}

function counted(cap: RollingCap, entry: ContactHistoryEntry): boolean {
  if (entry.direction === 'inbound' || entry.countsTowardCaps === false) return false;
  if (!sameScope(cap, entry) || !cap.counts.includes(entry.kind)) return false;
  const types = cap.addressTypes;
  return !types || entry.addressType === undefined || types.includes(entry.addressType);
}

function triggers(cap: QuietAfterCap, entry: ContactHistoryEntry): boolean {
  return sameScope(cap, entry) && cap.after.includes(entry.kind);
}

/**
 * A cap on one timeline: where positions are, and how to turn one back into an instant. Instants
 * are epoch milliseconds: a decision counts days without building a luxon DateTime per entry.
 */
interface Timeline {
  readonly length: number;
  position(at: number): number;
  instantAt(position: number): number;
}

function timeline(cap: FrequencyCap, zone: string): Timeline {
  if (cap.window.unit === 'hours') {
    return {
      length: cap.window.length * HOUR_MS,
      position: (at) => at,
      instantAt: (position) => position,
    };
  }
  return {
    length: cap.window.length,
    position: (at) => localDayNumberOfMs(at, zone),
    instantAt: (position) => startOfLocalDayMs(position, zone),
  };
}

/** Entries in the window ending at `end`. */
function countIn(positions: readonly number[], end: number, length: number): number {
  return positions.filter((p) => p > end - length && p <= end).length;
}

/**
 * Whether one more contact at `p` keeps every window that would hold it under the limit. The
 * windows that hold p end at p … p + L − 1; their counts only rise at an entry, so checking the
 * window ending at p and those ending at later entries is enough.
 */
function fits(positions: readonly number[], p: number, length: number, limit: number): boolean {
  const ends = [p, ...positions.filter((e) => e > p && e < p + length)];
  return ends.every((end) => countIn(positions, end, length) < limit);
}

/** The first position ≥ `from` at which a rolling cap has room. */
function rollingEarliest(
  positions: readonly number[],
  from: number,
  cap: RollingCap,
  length: number,
) {
  // Room can only appear where an entry leaves a window, at e + L.
  const candidates = [from, ...positions.map((e) => e + length).filter((p) => p > from)].sort(
    (a, b) => a - b,
  );
  return candidates.find((p) => fits(positions, p, length, cap.limit));
}

/** The first position ≥ `from` outside every quiet period [c, c + L − 1]. */
function quietEarliest(positions: readonly number[], from: number, length: number): number {
  let p = from;
  for (;;) {
    const blocking = positions.filter((c) => c <= p && p < c + length);
    if (blocking.length === 0) return p;
    p = Math.max(...blocking) + length;
  }
}

/** The earliest instant ≥ `at` (epoch ms) that one cap allows in one zone. */
function earliestFor(
  cap: FrequencyCap,
  zone: string,
  history: readonly ContactHistoryEntry[],
  at: number,
): number {
  const entries = history.filter((entry) =>
    cap.kind === 'rolling' ? counted(cap, entry) : triggers(cap, entry),
  );
  // Nothing in the history counts toward this cap (the usual case for a first message): it
  // cannot hold the send back, and placing `at` on the timeline would only confirm so.
  if (entries.length === 0 && (cap.kind === 'quiet-after' || cap.limit >= 1)) return at;
  const line = timeline(cap, zone);
  const from = line.position(at);
  const positions = entries.map((entry) =>
    line.position(instant(entry.at, 'history entry').toMillis()),
  );
  const earliest =
    cap.kind === 'rolling'
      ? rollingEarliest(positions, from, cap, line.length)
      : quietEarliest(positions, from, line.length);
  // The last candidate is past every entry, so a rolling cap always finds room there.
  if (earliest === undefined) throw new RangeError(`cap ${cap.id}: no room found`);
  return earliest === from ? at : line.instantAt(earliest);
}

/**
 * Checks every cap that applies to the candidate send against the history.
 *
 * @returns `allowed: true`, or the earliest instant at which every applicable cap allows the
 *   send (the start of the local day after the oldest counted contact leaves the window, or
 *   after a quiet period), with the caps that held it back.
 */
export function checkFrequencyCaps(input: CapCheckInput): CapCheck {
  const { history, candidate } = input;
  if (input.zones.length === 0) throw new RangeError('at least one time zone is needed');
  const zones = input.zones.map(checkZone);
  const caps = input.caps.filter((cap) => applies(cap, candidate));
  if (!candidate.at.isValid) throw new RangeError('candidate send: invalid instant');
  const never = capsThatNeverAllow(caps, candidate);
  if (never.length > 0) return { allowed: false, reason: 'NEVER_ALLOWED', blockedBy: never };
  const start = candidate.at.toMillis();
  let at = start;
  const blockedBy: string[] = [];
  // Moving past one cap can run into another (a quiet period ending on a day the 7-in-7 cap is
  // full), so go round until no cap moves the instant.
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    let moved = false;
    for (const cap of caps) {
      for (const zone of cap.window.unit === 'hours' ? [zones[0] ?? 'UTC'] : zones) {
        const next = earliestFor(cap, zone, history, at);
        if (next > at) {
          at = next;
          moved = true;
          if (!blockedBy.includes(cap.id)) blockedBy.push(cap.id);
        }
      }
    }
    if (!moved) {
      return at === start
        ? { allowed: true }
        : {
            allowed: false,
            reason: 'CAP_REACHED',
            earliestAllowedAt: DateTime.fromMillis(at, { zone: 'utc' }),
            blockedBy,
          };
    }
  }
  throw new RangeError('frequency caps did not settle');
}
