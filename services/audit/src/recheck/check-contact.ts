/**
 * The address a send went to, against the contact record and the consents in force at its
 * instant: an address the record did not have, a withdrawn consent, a consent the policy needs
 * and did not have, a work address the customer may not be contacted at, an address known to be
 * unreachable. Addresses may be the audit's opaque keys, so they are compared for equality only.
 */
import {
  postalAddressText,
  TEMPORARY_UNREACHABLE_DAYS,
  TEMPORARY_UNREACHABLE_REASONS,
  type EventOf,
} from '@kindly/contracts';
import { contactInForce, ms, occurredBy, refOf } from './history-as-of.js';
import type { Purpose, ResolvedJurisdiction, RuleLayer } from './policy-document.js';
import type {
  AccountHistory,
  ConsentEvidence,
  SendEvidence,
  SentChannel,
  UnreachableEvidence,
  Violation,
} from './recheck-types.js';

type Contact = EventOf<'contact.updated'>;

export interface KnownAddress {
  readonly address: string;
  readonly type?: string;
  /** A letter's `to` in clear is the whole address as `postalAddressText` writes it. */
  readonly alias?: string;
}

/**
 * The record's addresses for a channel, each with its type. A postal address is named by its
 * first line: the audit keeps there the key of the whole address, the same key as a letter's
 * `to`; in clear, a letter's `to` is the whole address as text, its alias.
 */
export function addressesOf(contact: Contact['payload'], channel: SentChannel): KnownAddress[] {
  switch (channel) {
    case 'sms':
      return contact.phones.map((p) => ({ address: p.number, type: p.type }));
    case 'email':
      return contact.emails.map((e) => ({ address: e.address, type: e.type }));
    case 'letter':
      return contact.postalAddresses.flatMap((p) =>
        p.lines[0] ? [{ address: p.lines[0], alias: postalAddressText(p) }] : [],
      );
  }
}

/** The known address a send's `to` names, compared for equality only. */
export function addressNamed(known: readonly KnownAddress[], to: string): KnownAddress | undefined {
  return known.find((a) => a.address === to || a.alias === to);
}

/** The latest consent record for channel, address (and purpose) given and dated by `atMs`. */
function consentInForce(
  history: AccountHistory,
  atMs: number,
  key: { channel: SentChannel; address: string; purpose?: Purpose },
): ConsentEvidence | undefined {
  let best: EventOf<'contact.consent'> | undefined;
  for (const event of occurredBy(history, 'contact.consent', atMs)) {
    const p = event.payload;
    if (p.channel !== key.channel || p.address !== key.address || ms(p.at) > atMs) continue;
    if (key.purpose !== undefined && p.purpose !== key.purpose) continue;
    // The latest; at the same instant, a withdrawal over a grant (the customer's no stands).
    const later = !best || ms(p.at) > ms(best.payload.at);
    const tie = best !== undefined && ms(p.at) === ms(best.payload.at);
    if (later || (tie && (p.status === 'revoked' || best?.payload.status !== 'revoked'))) {
      best = event;
    }
  }
  if (!best) return undefined;
  const { status, basis, purpose, at } = best.payload;
  return { ...refOf(best), status, basis, purpose, at };
}

/** Keys and numbers as they are; e-mail addresses in clear without case (keys are lower case). */
function sameAddress(channel: SentChannel, a: string, b: string): boolean {
  return channel === 'email' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** A record's postal addresses, as the audit keeps them (first lines), in one text. */
function postalOf(contact: Contact | undefined): string | undefined {
  return (
    contact &&
    addressesOf(contact.payload, 'letter')
      .map((a) => a.address)
      .join('\n')
  );
}

/**
 * Whether event `a` comes after event `b`: it occurred later, or at the same instant with the
 * greater event id. The bank's facts at one instant are ordered so (the planner does the same,
 * written there on its own): without the tie rule, a record that cleared a mark at the mark's own
 * instant would be ignored here, and a later send to the address reported as TO_UNREACHABLE.
 */
function after(a: { occurredAt: string; eventId: string }, b: typeof a): boolean {
  const diff = ms(a.occurredAt) - ms(b.occurredAt);
  return diff > 0 || (diff === 0 && a.eventId > b.eventId);
}

/**
 * Whether a contact record that occurred after an unreachable mark gave a new address: it no
 * longer lists the number or e-mail address, or its postal addresses are not the ones of the
 * record in force when the mark was found (with none then, the first record after it).
 */
function clears(
  history: AccountHistory,
  mark: EventOf<'contact.unreachable'>,
  later: Contact,
  channel: SentChannel,
): boolean {
  if (channel !== 'letter') {
    return !addressesOf(later.payload, channel).some((a) =>
      sameAddress(channel, a.address, mark.payload.address),
    );
  }
  const markMs = ms(mark.occurredAt);
  const firstAfter = history
    .filter((e): e is Contact => e.type === 'contact.updated' && after(e, mark))
    .sort((a, b) => (after(a, b) ? 1 : after(b, a) ? -1 : 0))[0];
  const found = postalOf(contactInForce(history, markMs) ?? firstAfter);
  return postalOf(later) !== found;
}

/**
 * Whether a temporary mark (the contract's TEMPORARY_UNREACHABLE_REASONS) no longer bars at
 * `atMs`: TEMPORARY_UNREACHABLE_DAYS after it was found (`at`), to the millisecond.
 */
function lapsed(mark: EventOf<'contact.unreachable'>, atMs: number): boolean {
  const { reason, at } = mark.payload;
  if (!TEMPORARY_UNREACHABLE_REASONS.includes(reason)) return false;
  return atMs >= ms(at) + TEMPORARY_UNREACHABLE_DAYS * DAY_MS;
}

const DAY_MS = 86_400_000;

/**
 * The `contact.unreachable` in force for a channel and address at `atMs`: the latest that had
 * occurred, and been found, by then (ties by event id), unless a contact record that came after
 * it (`after`: ties by event id) and occurred by then gave a new address. The newest report may
 * say `reachable` (nothing in force), and a temporary mark lapses (`lapsed`). A letter's is kept for `postal`, whichever address the record has.
 */
function unreachableInForce(
  history: AccountHistory,
  atMs: number,
  channel: SentChannel,
  address: string,
): UnreachableEvidence | undefined {
  let best: EventOf<'contact.unreachable'> | undefined;
  for (const event of occurredBy(history, 'contact.unreachable', atMs)) {
    const p = event.payload;
    if (p.channel !== channel || !sameAddress(channel, p.address, address)) continue;
    if (ms(p.at) > atMs) continue;
    if (!best || !after(best, event)) best = event;
  }
  if (!best) return undefined;
  const mark = best;
  const cleared = occurredBy(history, 'contact.updated', atMs).some(
    (contact) => after(contact, mark) && clears(history, mark, contact, channel),
  );
  if (cleared) return undefined;
  // The newest report says the address works: nothing in force.
  if (mark.payload.status === 'reachable') return undefined;
  if (lapsed(mark, atMs)) return undefined;
  const { reason, at, errorCode } = best.payload;
  return { ...refOf(best), reason, at, ...(errorCode !== undefined ? { errorCode } : {}) };
}

export interface ContactCheck {
  readonly send: SendEvidence;
  readonly atMs: number;
  readonly history: AccountHistory;
  readonly contact: Contact;
  readonly rule: Required<RuleLayer>;
  readonly rules: ResolvedJurisdiction;
}

/** What one address gives: every violation found for it. */
function checkAddress(input: ContactCheck, address: string, type?: string): Violation[] {
  const { send, atMs, history, rule } = input;
  const purpose = send.purpose ?? 'servicing';
  // Consent for letters is kept for "postal", whichever address the record has.
  const consentKey = send.channel === 'letter' ? 'postal' : address;
  const key = { channel: send.channel, address: consentKey, purpose };
  const record = consentInForce(history, atMs, key);
  const found: Violation[] = [];
  const unreachable = unreachableInForce(history, atMs, send.channel, consentKey);
  if (unreachable) {
    found.push({ kind: 'TO_UNREACHABLE', send, address: consentKey, unreachable });
  }
  if (record?.status === 'revoked') {
    found.push({ kind: 'AFTER_OPT_OUT', send, address: consentKey, revocation: record });
  }
  const satisfied = record?.status === 'granted' && rule.consent.bases.includes(record.basis);
  if (rule.consent.required && !satisfied) {
    found.push({
      kind: 'NO_CONSENT',
      send,
      address: consentKey,
      requiredBases: rule.consent.bases,
      ...(record ? { inForce: record } : {}),
      requiredBy: 'policy',
    });
  }
  if (type !== 'work') return found;
  const work = input.rules.workAddresses;
  if (work?.blockWhenDoNotContactAtWork && input.contact.payload.doNotContactAtWork) {
    found.push({ kind: 'AT_WORK', send, address, contact: refOf(input.contact) });
  }
  if (send.channel === 'email' && work?.workEmailRequiresConsent) {
    // An employer's e-mail address only with the customer's consent to use it, for any purpose.
    const any = consentInForce(history, atMs, { channel: 'email', address });
    if (any?.status !== 'granted') {
      found.push({
        kind: 'NO_CONSENT',
        send,
        address,
        requiredBases: [],
        ...(any ? { inForce: any } : {}),
        requiredBy: 'work-email',
      });
    }
  }
  return found;
}

export function checkContact(input: ContactCheck): Violation[] {
  const { send } = input;
  const known = addressesOf(input.contact.payload, send.channel);
  if (send.to !== undefined) {
    const match = addressNamed(known, send.to);
    const wrong: Violation[] = match
      ? []
      : [
          {
            kind: 'WRONG_ADDRESS',
            send,
            used: send.to,
            inForce: known.map((a) => a.address),
            contact: refOf(input.contact),
          },
        ];
    return [...wrong, ...checkAddress(input, send.to, match?.type)];
  }
  // The address is unknown: a violation only if it holds for every address it could have been.
  const each = known.map((a) => checkAddress(input, a.address, a.type));
  if (each.length === 0) return [];
  const kinds = (list: readonly Violation[]) => new Set(list.map((v) => v.kind));
  const first = each[0] ?? [];
  return first.filter((v) => each.every((list) => kinds(list).has(v.kind)));
}
