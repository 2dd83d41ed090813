import type {
  ContactUpdatedV1Payload,
  DeliveryStatus,
  EventOf,
  MessageChannel,
} from '@kindly/contracts';
import type { TrackedStatus } from './delivery-progress.js';
import type { ReplyTask } from './reply-task.js';

/** One attempt at sending one message, as far as the tracker has heard of it. */
export interface DeliveryRecord {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly channel: MessageChannel;
  /** e.g. twilio, smtp */
  readonly provider: string;
  readonly providerMessageId?: string;
  readonly correlationId: string;
  /** The event that announced the send (the dispatcher's `accepted` outcome), once it came. */
  readonly causationId: string | null;
  readonly status: DeliveryStatus;
  /** See delivery-progress.ts: a status is taken only when it ranks higher. */
  readonly rank: number;
  /** When the provider reported the current status (UTC ISO); absent for `accepted`. */
  readonly statusAt?: string;
  /**
   * The outcome event recorded with the current status, until it is known to be published: a
   * crash between the two leaves it here, and the same report again publishes it again.
   */
  readonly pendingEventId?: string;
}

/** What the tracker knows of an attempt before any status: who, which channel, which provider. */
export type DeliverySeed = Omit<DeliveryRecord, 'status' | 'rank' | 'statusAt' | 'pendingEventId'>;

export interface StatusChange {
  readonly status: TrackedStatus;
  readonly rank: number;
  readonly eventId: string;
  /** When the provider reported it (UTC ISO). */
  readonly at: string;
  readonly providerMessageId?: string;
}

export type AdvanceResult =
  /** The status moved forward; `record` is the attempt after the change. */
  | { readonly advanced: true; readonly record: DeliveryRecord }
  /** A status of equal or higher rank was there already; `record` is the attempt as it is. */
  | { readonly advanced: false; readonly record: DeliveryRecord };

export interface DeliveryStore {
  /** Records a send the dispatcher announced; idempotent, and it never moves a status. */
  recordAccepted(seed: DeliverySeed): Promise<void>;
  /**
   * Takes `change` only if it ranks above the attempt's current status, atomically (two reports
   * at once cannot both win). An attempt not heard of yet is created from `seed`.
   */
  advance(seed: DeliverySeed, change: StatusChange): Promise<AdvanceResult>;
  /** The pending event is out: forget it. */
  markPublished(messageId: string, attempt: number, eventId: string): Promise<void>;
  /** The latest attempt of a message (a bounce or an unsubscribe names the message only). */
  latestAttempt(messageId: string): Promise<DeliveryRecord | undefined>;
  /**
   * The attempts the dispatcher reported sent (`accepted`) of the messages whose short reference
   * (`KD…`, @kindly/contracts `messageReferenceOf`) this is: a followed payment link names it.
   */
  sentWithReference(shortReference: string, tenants: TenantScope): Promise<DeliveryRecord[]>;
}

/**
 * The tenants a lookup may answer with: those named (`only`), or every tenant but those named
 * (`except`: a route of the fallback sender's profile, which serves the tenants a senders file
 * does not name).
 */
export type TenantScope =
  { readonly only: readonly string[] } | { readonly except: readonly string[] };

/** Whether a tenant is in the scope. */
export function inTenantScope(scope: TenantScope, tenantId: string): boolean {
  return 'only' in scope ? scope.only.includes(tenantId) : !scope.except.includes(tenantId);
}

/** The messages whose payment link was followed, each recorded once. */
export interface PaymentClicks {
  /**
   * Records the message's first click (`event`'s message, at its `at`), with the event as
   * pending. A message clicked before keeps its first click: `first` false, with that click's
   * event still `pending` when its publish was not confirmed, and its instant.
   */
  claim(
    event: EventOf<'delivery.outcome'>,
  ): Promise<{ readonly first: boolean; readonly pending: boolean; readonly at: string }>;
  /** The click's event is out. */
  markPublished(messageId: string, eventId: string): Promise<void>;
  /**
   * The events of first clicks recorded (wall clock) before `before` and not confirmed
   * published, oldest first, at most `limit`: what a crash or a broker outage left behind.
   */
  pendingBefore(before: Date, limit: number): Promise<EventOf<'delivery.outcome'>[]>;
  /** When the oldest click still pending was recorded (wall clock); undefined when none is. */
  oldestPending(): Promise<Date | undefined>;
}

/** An account's contact details as the bank last sent them. */
export interface KnownContact {
  readonly tenantId: string;
  readonly accountId: string;
  readonly contact: ContactUpdatedV1Payload;
}

/** The tracker's copy of the bank's contact details, searchable by address. */
export interface ContactDirectory {
  contactOf(tenantId: string, accountId: string): Promise<KnownContact | undefined>;
  /** Every account (of one tenant, when given) whose contact has this number (E.164). */
  withPhone(number: string, tenantId?: string): Promise<KnownContact[]>;
  /** Every account (of one tenant, when given) whose contact has this address, in any case. */
  withEmail(address: string, tenantId?: string): Promise<KnownContact[]>;
}

/**
 * The numbers that texted STOP, so that the confirmation goes out once: once per tenant whose
 * number received it (`tenantId`), or once for a STOP to a number that is no tenant's.
 */
export interface SmsOptOutRegistry {
  /**
   * Records the opt-out; true when this is the first (or the same inbound message again, which
   * a provider may redeliver), false when the number had already opted out.
   */
  optOut(number: string, inboundId: string, at: string, tenantId?: string): Promise<boolean>;
  /** The number opted back in: a later STOP is a new opt-out and gets its confirmation. */
  optIn(number: string, at: string, tenantId?: string): Promise<void>;
}

/** Each e-mail address's recent soft bounces, counted toward making it unreachable. */
export interface SoftBounceLog {
  /**
   * Records one soft bounce of the address (the same attempt again counts once) and answers
   * how many it has had at or after `since`, this one included.
   */
  record(address: string, bounceId: string, at: string, since: string): Promise<number>;
}

export interface TrackerEvents {
  publishOutcomes(events: readonly EventOf<'delivery.outcome'>[]): Promise<void>;
  publishConsents(events: readonly EventOf<'contact.consent'>[]): Promise<void>;
  /** `contact.unreachable` (build them with `unreachableEvent`). */
  publishUnreachable(events: readonly EventOf<'contact.unreachable'>[]): Promise<void>;
}

/** Which tenant sends from each of our numbers (senders.yaml), so that a reply finds its bank. */
export interface SendingNumbers {
  /** The tenant whose sending number this is (E.164); undefined: none of ours says so. */
  tenantOf(ourNumber: string): string | undefined;
}

/** Replies an agent reads and answers: the desk's queue of them. */
export interface ReplyTaskStore {
  /** Stores a new task; false when it is there already (the provider sent the reply again). */
  create(task: ReplyTask): Promise<boolean>;
}
