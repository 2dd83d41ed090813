import type {
  AccountArrangementV1Payload,
  AccountFlag,
  AccountOverdueV1Payload,
  AccountPaymentV1Payload,
  ContactConsentV1Payload,
  ContactUnreachableV1Payload,
  ContactUpdatedV1Payload,
} from '@kindly/contracts';

/** A fact as of the event that set it: `asOf` is that event's `occurredAt`. */
export interface Known<T> {
  readonly value: T;
  readonly asOf: string;
  readonly eventId: string;
}

export interface FlagState {
  readonly active: boolean;
  /** When the change took effect, as the bank says (it may precede the event). */
  readonly effectiveAt: string;
  readonly asOf: string;
  readonly eventId: string;
  /** `dispute` only: the bank verified the disputed debt; the verification notice may go. */
  readonly verified?: true;
}

/**
 * What the planner knows about one account and its customer: the newest of each fact the bank has
 * sent. Each fact keeps the `occurredAt` of the event that set it, so that an event that arrives
 * late (Kafka orders events per topic, not across topics) cannot overwrite a newer fact.
 */
export interface AccountState {
  readonly tenantId: string;
  readonly accountId: string;
  readonly overdue?: Known<AccountOverdueV1Payload>;
  /** The latest payments, newest first, at most {@link PAYMENTS_KEPT}. */
  readonly payments: readonly Known<AccountPaymentV1Payload>[];
  /** The newest state of each arrangement, by arrangement id. */
  readonly arrangements: readonly Known<AccountArrangementV1Payload>[];
  readonly flags: Readonly<Partial<Record<AccountFlag, FlagState>>>;
  readonly contact?: Known<ContactUpdatedV1Payload>;
  /** The newest consent or revocation per channel, address and purpose. */
  readonly consents: readonly Known<ContactConsentV1Payload>[];
  /**
   * The newest `contact.unreachable` report per channel and address (a mark, or one saying
   * `reachable`, which bars nothing), until a newer contact record no longer lists the address.
   * A temporary mark's lapse is judged by the decision at its `now`, not here. Absent in states stored
   * before there was such an event: none then.
   */
  readonly unreachable?: readonly UnreachableFact[];
  /**
   * For each phone number and e-mail address a contact record has dropped, the newest such
   * record (as `asOf`/`eventId`): a mark older than it is stale even when a later record lists
   * the address again (mark T1, record without it T2, record with it T3, the mark arriving
   * last). Absent: none known.
   */
  readonly dropped?: readonly DroppedAddress[];
}

/** An address a contact record no longer listed, as of that record. */
export interface DroppedAddress {
  readonly channel: 'phone' | 'email';
  readonly address: string;
  readonly asOf: string;
  readonly eventId: string;
}

/** One address that cannot be reached, as of the event that said so. */
export interface UnreachableFact extends Known<ContactUnreachableV1Payload> {
  /**
   * Letters only (their address is `postal`): the contact record's postal addresses when it was
   * found, one `postalAddressText` a line, so that a record with other ones clears it. Absent
   * while no contact record is known.
   */
  readonly postal?: string;
}

/** Payments older than these add nothing to a decision, and a document must stay small. */
export const PAYMENTS_KEPT = 20;

export function emptyAccountState(tenantId: string, accountId: string): AccountState {
  return { tenantId, accountId, payments: [], arrangements: [], flags: {}, consents: [] };
}
