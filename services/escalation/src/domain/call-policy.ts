/**
 * When an agent may call, and how many more calls the caps allow: the policy's agent-call rule
 * (hours, holidays, Sundays, the customer's own windows) in every zone the customer may be in,
 * each under its own jurisdiction's rules, and its frequency caps (Reg F's 7 calls in 7 days,
 * the quiet week after a conversation) over the calls already made and the messages already
 * sent. The same functions as the planner's and the last looks' (`findSendSlot`, the rules'
 * `lookAtWindow`, `checkFrequencyCaps`), so the desk and the planner can never disagree.
 */
import { Duration, type DateTime } from 'luxon';
import type { CallWindow, ContactUpdatedV1Payload, Purpose } from '@kindly/contracts';
import {
  checkFrequencyCaps,
  contactRule,
  findSendSlot,
  frequencyCaps,
  lookAtWindow,
  placesOf,
  type ContactHistoryEntry,
  type Policy,
} from '@kindly/rules';
import { utcText } from './utc-text.js';

export interface CallContext {
  readonly policy: Policy;
  readonly contact: ContactUpdatedV1Payload;
  readonly purpose: Purpose;
  /** Calls already made and messages already sent, across every number (Reg F counts per debt). */
  readonly history: readonly ContactHistoryEntry[];
}

/** A reported call is checked at its instant: any time left in the window will do. */
const REPORT_MINIMUM = Duration.fromObject({ seconds: 1 });
/** ... and only that instant is searched. */
const REPORT_HORIZON = Duration.fromObject({ minutes: 1 });
const MAX_WINDOWS = 20;

/**
 * Every zone the customer may be in (the bank's zone, their numbers' and address's zones): the
 * zones `findSendSlot` judges (`placesOf`), so that the caps are counted in the same days.
 */
export function zonesOf(policy: Policy, contact: ContactUpdatedV1Payload): string[] {
  return placesOf(policy, contact).map((place) => place.zone);
}

/** Appointments move a message's start; for calls they are not a reason to refuse another time. */
function withoutAppointments(contact: ContactUpdatedV1Payload): ContactUpdatedV1Payload {
  return { ...contact, appointments: [] };
}

/**
 * The windows in [from, until) in which a call is allowed, in UTC with the customer's zone: each
 * allowed interval, pushed later where a cap holds calls back (a quiet week after a conversation).
 */
export function callWindows(context: CallContext, from: DateTime, until: DateTime): CallWindow[] {
  const contact = withoutAppointments(context.contact);
  // A call needs the policy's minutes before its window closes, at `until` as at the window's end.
  const minimum =
    contactRule(context.policy, contact.jurisdiction, 'agent-call', context.purpose)
      .minimumMinutesLeft * 60_000;
  const windows: CallWindow[] = [];
  let cursor = from;
  while (cursor < until && windows.length < MAX_WINDOWS) {
    const result = findSendSlot({
      policy: context.policy,
      contact,
      channel: 'agent-call',
      purpose: context.purpose,
      history: context.history,
      now: cursor,
      // The search is bounded by the task's end, not by the policy's horizon.
      horizon: until.diff(cursor),
    });
    if (!result.found) break;
    const end = result.slot.end < until ? result.slot.end : until;
    if (end.toMillis() - result.slot.start.toMillis() >= minimum) {
      windows.push({
        start: utcText(result.slot.start),
        end: utcText(end),
        zone: contact.timeZone,
      });
    }
    cursor = result.slot.end;
  }
  return windows;
}

/** A call at `at`, one attempt of the history, for the caps. */
export function callEntry(
  at: string,
  kind: ContactHistoryEntry['kind'],
  purpose: Purpose,
): ContactHistoryEntry {
  return { channel: 'agent-call', at, kind, purpose };
}

/**
 * How many calls the caps allow at `at`, one after another, up to `most` (the stage's
 * `maxCallAttempts` less the calls already made on the task). A quiet period allows none.
 */
export function callsLeft(context: CallContext, at: DateTime, most: number): number {
  const zones = zonesOf(context.policy, context.contact);
  const caps = frequencyCaps(context.policy, context.contact.jurisdiction);
  const history = [...context.history];
  let left = 0;
  while (left < most) {
    const check = checkFrequencyCaps({
      history,
      caps,
      zones,
      candidate: { channel: 'agent-call', purpose: context.purpose, at },
    });
    if (!check.allowed) break;
    history.push(callEntry(utcText(at), 'attempt', context.purpose));
    left += 1;
  }
  return left;
}

export type CallCheck =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'OUTSIDE_WINDOW' | 'CAP_REACHED' };

/**
 * Whether a call at `at` was allowed: inside an allowed window in every candidate zone, and under
 * every cap counting the calls before it. The answer is the last look's at the call's instant
 * (`lookAtWindow`): outside a window whatever the caps, `OUTSIDE_WINDOW`; inside one and held
 * back by a cap, `CAP_REACHED`.
 */
export function checkCall(context: CallContext, at: DateTime): CallCheck {
  const answer = lookAtWindow(context.policy, {
    contact: withoutAppointments(context.contact),
    channel: 'agent-call',
    purpose: context.purpose,
    history: context.history,
    now: at,
    horizon: REPORT_HORIZON,
    minimumDuration: REPORT_MINIMUM,
  });
  switch (answer.kind) {
    case 'allow':
      return { allowed: true };
    case 'defer':
      return { allowed: false, reason: answer.reason };
    case 'stop':
      return {
        allowed: false,
        // A cap of 0 never allows a call; no hours at all is never inside a window.
        reason: answer.reason === 'CAP_REACHED' || answer.caps ? 'CAP_REACHED' : 'OUTSIDE_WINDOW',
      };
  }
}
