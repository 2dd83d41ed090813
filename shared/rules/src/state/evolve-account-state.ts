import {
  postalAddressText,
  type AccountArrangementV1,
  type AccountOverdueV1,
  type AccountPaymentV1,
  type AccountStatusV1,
  type ContactConsentV1,
  type ContactUnreachableV1,
  type ContactUpdatedV1,
  type ContactUpdatedV1Payload,
} from '@kindly/contracts';
import {
  PAYMENTS_KEPT,
  type AccountState,
  type DroppedAddress,
  type Known,
  type UnreachableFact,
} from './account-state.js';

/** The bank's events the planner keeps state from. */
export type BankInput =
  | AccountOverdueV1
  | AccountPaymentV1
  | AccountArrangementV1
  | AccountStatusV1
  | ContactUpdatedV1
  | ContactConsentV1
  | ContactUnreachableV1;

export type EvolveResult =
  | { readonly applied: true; readonly state: AccountState }
  | {
      readonly applied: false;
      readonly reason: 'STALE_EVENT' | 'DUPLICATE';
      readonly state: AccountState;
    };

/**
 * Applies one of the bank's events to an account's state. Latest wins, by `occurredAt`, per fact
 * (the overdue position, each flag, each arrangement, the contact details, each consent, each
 * unreachable address); an event older than the fact it would replace changes nothing and says
 * `STALE_EVENT`, and the same event again says `DUPLICATE`. Ties on `occurredAt` are broken by
 * event id, so that every replica that sees the same events in any order ends with the same state.
 *
 * An unreachable address stays so until a newer contact record no longer lists it: the bank gave
 * another address for the channel (the same address sent again changes nothing), or a newer
 * report of the same channel and address says `reachable` (kept as the newest fact, so that an
 * older mark arriving late is stale; the decision reads it as barring nothing). A mark older
 * than the contact record in force, for an address that record no longer has, is stale.
 */
export function evolveAccountState(state: AccountState, event: BankInput): EvolveResult {
  switch (event.type) {
    case 'account.overdue':
      return replace(state, state.overdue, event, (overdue) => ({ ...state, overdue }));
    case 'contact.updated': {
      const result = replace(state, state.contact, event, (contact) => ({
        ...state,
        contact,
        ...unreachableAfter(state.unreachable, contact),
      }));
      if (!result.applied && result.reason === 'DUPLICATE') return result;
      return withDropped(result, state.contact, known(event));
    }
    case 'contact.unreachable':
      return markUnreachable(state, event);
    case 'account.payment':
      return addPayment(state, event);
    case 'account.arrangement': {
      const id = event.payload.arrangementId;
      const current = state.arrangements.find((a) => a.value.arrangementId === id);
      return replace(state, current, event, (next) => ({
        ...state,
        arrangements: [...state.arrangements.filter((a) => a !== current), next],
      }));
    }
    case 'contact.consent': {
      const { channel, address, purpose } = event.payload;
      const current = state.consents.find(
        (c) =>
          c.value.channel === channel && c.value.address === address && c.value.purpose === purpose,
      );
      return replace(state, current, event, (next) => ({
        ...state,
        consents: [...state.consents.filter((c) => c !== current), next],
      }));
    }
    case 'account.status':
      return applyStatus(state, event);
  }
}

function known<T>(event: { payload: T; occurredAt: string; eventId: string }): Known<T> {
  return { value: event.payload, asOf: event.occurredAt, eventId: event.eventId };
}

/** Orders facts by when their events occurred, then by event id (any fixed order will do). */
function compare(
  a: { asOf: string; eventId: string },
  b: { asOf: string; eventId: string },
): number {
  const at = Date.parse(a.asOf) - Date.parse(b.asOf);
  if (at !== 0) return at;
  return a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0;
}

function replace<T>(
  state: AccountState,
  current: Known<T> | undefined,
  event: { payload: T; occurredAt: string; eventId: string },
  apply: (next: Known<T>) => AccountState,
): EvolveResult {
  const next = known(event);
  if (current) {
    if (current.eventId === next.eventId) return { applied: false, reason: 'DUPLICATE', state };
    if (compare(next, current) < 0) return { applied: false, reason: 'STALE_EVENT', state };
  }
  return { applied: true, state: apply(next) };
}

// Payments are facts that add up rather than replace each other: a late one is still a payment.
function addPayment(state: AccountState, event: AccountPaymentV1): EvolveResult {
  if (state.payments.some((p) => p.value.paymentId === event.payload.paymentId)) {
    return { applied: false, reason: 'DUPLICATE', state };
  }
  const payments = [...state.payments, known(event)]
    .sort((a, b) => Date.parse(b.value.paidAt) - Date.parse(a.value.paidAt))
    .slice(0, PAYMENTS_KEPT);
  return { applied: true, state: { ...state, payments } };
}

function applyStatus(state: AccountState, event: AccountStatusV1): EvolveResult {
  const changes = [
    ...event.payload.set.map((flag) => ({ flag, active: true })),
    ...event.payload.cleared.map((flag) => ({ flag, active: false })),
  ];
  const flags = { ...state.flags };
  const candidate = { asOf: event.occurredAt, eventId: event.eventId };
  let applied = false;
  let duplicate = true;
  for (const { flag, active } of changes) {
    const current = flags[flag];
    if (current?.eventId === event.eventId) continue;
    duplicate = false;
    if (current && compare(candidate, current) < 0) continue;
    const verified = flag === 'dispute' && active && event.payload.disputeVerified === true;
    flags[flag] = {
      active,
      effectiveAt: event.payload.effectiveAt,
      ...candidate,
      ...(verified ? { verified: true as const } : {}),
    };
    applied = true;
  }
  if (applied) return { applied: true, state: { ...state, flags } };
  return { applied: false, reason: duplicate ? 'DUPLICATE' : 'STALE_EVENT', state };
}

/** The postal addresses of a contact record, one `postalAddressText` a line. */
function postalKey(contact: ContactUpdatedV1Payload): string {
  return contact.postalAddresses.map(postalAddressText).join('\n');
}

/** E-mail addresses compare without case (the contact record refuses two that differ only so). */
function sameAddress(channel: UnreachableFact['value']['channel'], a: string, b: string): boolean {
  return channel === 'email' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/**
 * Whether a contact record still has the unreachable address: the number, the e-mail address,
 * or for a letter the same postal addresses as when it was found (any, when that is not known).
 */
function stillListed(contact: ContactUpdatedV1Payload, mark: UnreachableFact): boolean {
  const { channel, address } = mark.value;
  switch (channel) {
    case 'sms':
    case 'voice':
      return contact.phones.some((p) => p.number === address);
    case 'email':
      return contact.emails.some((e) => sameAddress(channel, e.address, address));
    case 'letter':
      if (contact.postalAddresses.length === 0) return false;
      return mark.postal === undefined || mark.postal === postalKey(contact);
  }
}

/** A letter's mark with the postal addresses of `contact`; any other mark as it is. */
function withPostal(mark: UnreachableFact, contact: ContactUpdatedV1Payload): UnreachableFact {
  return mark.value.channel === 'letter' ? { ...mark, postal: postalKey(contact) } : mark;
}

/**
 * The marks once `contact` (now the newest record) is in force: a mark older than it stays only
 * if it still lists the address; a newer mark was found under this record, so a letter's mark
 * takes its postal addresses (the record before it, as far as this replica knows).
 */
function unreachableAfter(
  marks: AccountState['unreachable'],
  contact: Known<ContactUpdatedV1Payload>,
): Pick<AccountState, 'unreachable'> {
  if (marks === undefined || marks.length === 0) return {};
  const kept = marks.flatMap((mark) => {
    if (compare(mark, contact) > 0) return [withPostal(mark, contact.value)];
    if (!stillListed(contact.value, mark)) return [];
    // Kept under a newer record that lists it: a letter's is now known by that record.
    return [mark.postal === undefined ? withPostal(mark, contact.value) : mark];
  });
  return { unreachable: kept };
}

function markUnreachable(state: AccountState, event: ContactUnreachableV1): EvolveResult {
  const marks = state.unreachable ?? [];
  const { channel, address } = event.payload;
  const current = marks.find(
    (m) => m.value.channel === channel && sameAddress(channel, m.value.address, address),
  );
  const next: UnreachableFact = known(event);
  if (current) {
    if (current.eventId === next.eventId) return { applied: false, reason: 'DUPLICATE', state };
    if (compare(next, current) < 0) return { applied: false, reason: 'STALE_EVENT', state };
  }
  const contact = state.contact;
  // Found before the record in force, for an address that record no longer has: a newer
  // address replaced it already.
  if (contact && compare(next, contact) < 0 && !stillListed(contact.value, next)) {
    return { applied: false, reason: 'STALE_EVENT', state };
  }
  // Found before a record that dropped the address, though a later one lists it again: that
  // record cleared it (the audit reads the same from the history).
  const dropped = droppedFor(state.dropped, channel, address);
  if (dropped && compare(next, dropped) < 0) {
    return { applied: false, reason: 'STALE_EVENT', state };
  }
  const mark = contact ? withPostal(next, contact.value) : next;
  // Kept in one order, so that replicas that saw the same events in any order store the same.
  const unreachable = [...marks.filter((m) => m !== current), mark].sort(
    (a, b) => byText(a.value.channel, b.value.channel) || byText(a.value.address, b.value.address),
  );
  return { applied: true, state: { ...state, unreachable } };
}

/** Numbers are one address for texts and calls; e-mail addresses compare without case. */
function droppedKey(
  channel: UnreachableFact['value']['channel'],
): DroppedAddress['channel'] | undefined {
  return channel === 'email' ? 'email' : channel === 'letter' ? undefined : 'phone';
}

function droppedFor(
  dropped: AccountState['dropped'],
  channel: UnreachableFact['value']['channel'],
  address: string,
): DroppedAddress | undefined {
  const key = droppedKey(channel);
  return dropped?.find((d) => d.channel === key && sameAddress(channel, d.address, address));
}

/**
 * After a contact record (in force now, or late and stale): the addresses the record before it in
 * force listed and this one does not are noted as dropped as of this record (the newest such per
 * address), and a mark older than this record for an address it does not list goes (a stale
 * record that came late clears what it cleared then, as the audit reads the history).
 */
function withDropped(
  result: EvolveResult,
  inForce: AccountState['contact'],
  record: Known<ContactUpdatedV1Payload>,
): EvolveResult {
  if (!inForce) return result;
  const phones = new Set(record.value.phones.map((p) => p.number));
  const emails = new Set(record.value.emails.map((e) => e.address.toLowerCase()));
  const gone: DroppedAddress[] = [
    ...inForce.value.phones
      .filter((p) => !phones.has(p.number))
      .map((p) => ({ channel: 'phone' as const, address: p.number })),
    ...inForce.value.emails
      .filter((e) => !emails.has(e.address.toLowerCase()))
      .map((e) => ({ channel: 'email' as const, address: e.address.toLowerCase() })),
  ].map((d) => ({ ...d, asOf: record.asOf, eventId: record.eventId }));
  const state = result.state;
  const kept = (state.dropped ?? []).filter(
    (d) =>
      !gone.some((g) => g.channel === d.channel && g.address === d.address && compare(d, g) < 0),
  );
  const added = gone.filter(
    (g) => !kept.some((d) => d.channel === g.channel && d.address === g.address),
  );
  const marks = state.unreachable ?? [];
  const survivors = result.applied
    ? marks
    : marks.filter(
        (m) =>
          m.value.channel === 'letter' || compare(m, record) > 0 || stillListed(record.value, m),
      );
  if (added.length === 0 && survivors.length === marks.length) return result;
  const dropped = [...kept, ...added].sort(
    (a, b) => byText(a.channel, b.channel) || byText(a.address, b.address),
  );
  const next: AccountState = {
    ...state,
    dropped,
    ...(state.unreachable ? { unreachable: survivors } : {}),
  };
  return result.applied ? { ...result, state: next } : { applied: true, state: next };
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
