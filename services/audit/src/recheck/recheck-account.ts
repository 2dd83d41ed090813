/**
 * The independent re-check: every send in one account's history, judged against the policy in
 * force at its instant and the facts the history held then. It shares no rule code with the
 * planner (only its types and its data files): deliberately simple and slow, so that a mistake
 * in the planner's fast code shows up here as a difference instead of being repeated.
 */
import { createHolidayLookup, type HolidayLookup } from './holiday-lookup.js';
import { checkAccount } from './check-account.js';
import { checkCaps, type CountedContact } from './check-caps.js';
import { addressesOf, addressNamed, checkContact } from './check-contact.js';
import { checkHours } from './check-hours.js';
import { findCalls, findSends } from './find-sends.js';
import { contactInForce, localInstant, ms, zonesOf } from './history-as-of.js';
import { resolveJurisdiction, ruleFor, shippedPolicy, type PolicyAt } from './policy-document.js';
import type { AccountHistory, Send, SendEvidence, Violation } from './recheck-types.js';

export interface RecheckOptions {
  /** The policy in force at an instant; default: the shipped file, for all time. */
  readonly policyAt?: PolicyAt;
  /** Holidays by policy setting and local date; default: date-holidays and the shipped files. */
  readonly holidayOn?: HolidayLookup;
}

export interface CheckedSend {
  readonly send: SendEvidence;
  readonly violations: readonly Violation[];
}

export interface RecheckReport {
  /** Every send, in the order it went out, each with what it broke (often nothing). */
  readonly sends: readonly CheckedSend[];
  readonly violations: readonly Violation[];
}

/** A send as the caps count it, with the type of its address by the record in force then. */
function countedSend(history: AccountHistory, send: Send): CountedContact {
  const counted = { ...send, kind: 'attempt' as const };
  const contact = contactInForce(history, ms(send.at));
  if (!contact || send.to === undefined) return counted;
  const type = addressNamed(addressesOf(contact.payload, send.channel), send.to)?.type;
  return type === undefined ? counted : { ...counted, addressType: type };
}

function checkOne(
  history: AccountHistory,
  send: Send,
  counted: CountedContact,
  earlier: readonly CountedContact[],
  options: Required<RecheckOptions>,
): CheckedSend {
  const atMs = ms(send.at);
  const contact = contactInForce(history, atMs);
  if (!contact) {
    const evidence = { ...send, local: [localInstant(atMs, 'UTC')] };
    return { send: evidence, violations: [{ kind: 'NO_CONTACT_RECORD', send: evidence }] };
  }
  const zones = zonesOf(contact);
  const evidence: SendEvidence = { ...send, local: zones.map((z) => localInstant(atMs, z)) };
  const rules = resolveJurisdiction(options.policyAt(send.at), contact.payload.jurisdiction);
  const rule = ruleFor(rules, send.channel, send.purpose ?? 'servicing');
  const violations = [
    ...checkHours({
      send: evidence,
      atMs,
      zones,
      rule,
      rules,
      contact: contact.payload,
      holidayOn: options.holidayOn,
    }),
    ...checkCaps({ send: evidence, counted, earlier, zones, rules }),
    ...checkContact({ send: evidence, atMs, history, contact, rule, rules }),
    ...checkAccount({
      send: evidence,
      atMs,
      history,
      zones,
      primaryZone: contact.payload.timeZone,
      rules,
    }),
  ];
  return { send: evidence, violations };
}

/*
 * The shipped policy file and holiday data, read once when first needed: a report re-checks
 * account after account against the same files. Pure data: sharing it changes no result.
 */
let shippedData: Required<RecheckOptions> | undefined;
function shipped(): Required<RecheckOptions> {
  shippedData ??= { policyAt: shippedPolicy(), holidayOn: createHolidayLookup() };
  return shippedData;
}

/** Re-checks every send of one account's history. */
export function recheckAccount(
  history: AccountHistory,
  options: RecheckOptions = {},
): RecheckReport {
  const resolved: Required<RecheckOptions> = {
    policyAt: options.policyAt ?? shipped().policyAt,
    holidayOn: options.holidayOn ?? shipped().holidayOn,
  };
  const sends = findSends(history);
  const counted = sends.map((send) => countedSend(history, send));
  const calls = findCalls(history);
  const checked = sends.map((send, i) => {
    const callsBefore = calls.filter((call) => ms(call.at) < ms(send.at));
    const earlier = [...counted.slice(0, i), ...callsBefore];
    return checkOne(history, send, counted[i] ?? countedSend(history, send), earlier, resolved);
  });
  return { sends: checked, violations: checked.flatMap((c) => c.violations) };
}
