import type {
  AccountArrangementV1,
  AccountOverdueV1,
  AccountPaymentV1,
  AccountStatusV1,
  ContactConsentV1,
  ContactUpdatedV1,
} from '@kindly/contracts';
import { PAYMENTS_KEPT, type AccountState, type Known } from './account-state.js';

/** The bank's events the planner keeps state from. */
export type BankInput =
  | AccountOverdueV1
  | AccountPaymentV1
  | AccountArrangementV1
  | AccountStatusV1
  | ContactUpdatedV1
  | ContactConsentV1;

export type EvolveResult =
  | { readonly applied: true; readonly state: AccountState }
  | {
      readonly applied: false;
      readonly reason: 'STALE_EVENT' | 'DUPLICATE';
      readonly state: AccountState;
    };

/**
 * Applies one of the bank's events to an account's state. Latest wins, by `occurredAt`, per fact
 * (the overdue position, each flag, each arrangement, the contact details, each consent); an event
 * older than the fact it would replace changes nothing and says `STALE_EVENT`, and the same event
 * again says `DUPLICATE`. Ties on `occurredAt` are broken by event id, so that every replica that
 * sees the same events in any order ends with the same state.
 */
export function evolveAccountState(state: AccountState, event: BankInput): EvolveResult {
  switch (event.type) {
    case 'account.overdue':
      return replace(state, state.overdue, event, (overdue) => ({ ...state, overdue }));
    case 'contact.updated':
      return replace(state, state.contact, event, (contact) => ({ ...state, contact }));
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
